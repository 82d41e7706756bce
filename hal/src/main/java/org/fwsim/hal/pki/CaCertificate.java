package org.fwsim.hal.pki;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * An entry of {@code config vpn certificate ca}: a CA certificate and whether it is trusted. Only
 * trusted entries take part in chain checks; trusted roots are the trust anchors.
 *
 * <p>Immutable; the same instance can be shared by every appliance that imports the same CA, which
 * keeps a fleet's heap small.
 *
 * @param name the entry name ({@code edit <name>})
 * @param certificate the CA certificate
 * @param source where it came from
 * @param trusted whether chains may end at (or pass through) this certificate
 */
public record CaCertificate(
    String name, X509Certificate certificate, CertSource source, boolean trusted) {

  public CaCertificate {
    CertStore.requireName(name, "CA certificate");
    Objects.requireNonNull(certificate, () -> "CA certificate '" + name + "' has no certificate");
    Objects.requireNonNull(source, () -> "CA certificate '" + name + "' has no source");
  }

  /** A trusted CA certificate imported by the user. */
  public static CaCertificate trusted(String name, X509Certificate certificate) {
    return new CaCertificate(name, certificate, CertSource.USER, true);
  }

  /**
   * Whether this is a root: issued by itself. A chain must end at a trusted root present in the
   * store (FortiOS 7.0.4 and later); a trusted intermediate only helps build the path.
   */
  public boolean isRoot() {
    return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
  }

  @Override
  public String toString() {
    return "CaCertificate[name="
        + name
        + ", subject="
        + certificate.getSubjectX500Principal()
        + ", source="
        + source.keyword()
        + ", trusted="
        + trusted
        + "]";
  }
}
