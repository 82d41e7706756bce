package org.fwsim.hal.pki;

import org.fwsim.hal.lang.CliKeyword;

/**
 * Where a certificate came from: FortiOS's read-only {@code source} field of a certificate entry.
 */
public enum CertSource implements CliKeyword {
  FACTORY,
  USER,
  BUNDLE,
  FORTIGUARD
}
