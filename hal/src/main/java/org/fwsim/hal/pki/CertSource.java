package org.fwsim.hal.pki;

/**
 * Where a certificate came from: FortiOS's read-only {@code source} field of a certificate entry.
 */
public enum CertSource {
  FACTORY("factory"),
  USER("user"),
  BUNDLE("bundle"),
  FORTIGUARD("fortiguard");

  private final String cliName;

  CertSource(String cliName) {
    this.cliName = cliName;
  }

  /** The spelling FortiOS uses in {@code show} output ({@code set source user}). */
  public String cliName() {
    return cliName;
  }
}
