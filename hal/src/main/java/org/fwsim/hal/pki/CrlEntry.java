package org.fwsim.hal.pki;

import java.security.cert.X509CRL;
import java.util.Objects;

/**
 * An entry of {@code config vpn certificate crl}: a certificate revocation list under a name.
 *
 * @param name the entry name
 * @param crl the revocation list
 */
public record CrlEntry(String name, X509CRL crl) {

  public CrlEntry {
    CertStore.requireName(name, "CRL");
    Objects.requireNonNull(crl, () -> "CRL '" + name + "' has no revocation list");
  }

  @Override
  public String toString() {
    return "CrlEntry[name=" + name + ", issuer=" + crl.getIssuerX500Principal() + "]";
  }
}
