package org.fwsim.firmware.config;

import org.fwsim.hal.lang.CliKeyword;

/**
 * {@code config system sdwan} {@code set load-balance-mode}: how the implicit rule spreads flows.
 */
public enum LoadBalanceMode implements CliKeyword {
  /** A hash of the source address (the default). */
  SOURCE_IP_BASED,
  /** A hash of source and destination. */
  SOURCE_DEST_IP_BASED,
  /** Members in proportion to their weight, by a hash of source and destination. */
  WEIGHT_BASED,
  /** Spillover: the first member in order (no spillover thresholds are modelled). */
  USAGE_BASED,
  /** INFERENCE: no volume is measured, so spread by a hash of source and destination. */
  MEASURED_VOLUME_BASED
}
