package org.fwsim.firmware.config;

import org.fwsim.hal.lang.CliKeyword;

/**
 * {@code set interface-select-method auto|sdwan|specify} of {@code config vpn certificate setting}:
 * how local-out traffic (the SCEP path) picks its egress interface.
 */
public enum InterfaceSelectMethod implements CliKeyword {
  /** Route lookup in the VDOM (the FortiOS default). */
  AUTO,
  /** SD-WAN service rules, then the implicit rule. */
  SDWAN,
  /** The interface named by {@code set interface}. */
  SPECIFY
}
