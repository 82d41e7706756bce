package org.fwsim.hal.pki;

import org.fwsim.hal.lang.Enums;

/**
 * Where a certificate came from: FortiOS's read-only {@code source} field of a certificate entry.
 */
public enum CertSource {
  FACTORY,
  USER,
  BUNDLE,
  FORTIGUARD;

  /** The spelling FortiOS uses in {@code show} output ({@code set source user}). */
  public String cliName() {
    return Enums.lowerCaseName(this);
  }
}
