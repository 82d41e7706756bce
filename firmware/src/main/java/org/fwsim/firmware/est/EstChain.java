package org.fwsim.firmware.est;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an issued certificate before the appliance stores it: it must chain, at the appliance's
 * clock, to a self-signed CA among {@code cas} through the others (the {@code /cacerts} answer, or
 * the CA bundle on renewal).
 */
final class EstChain {

  private EstChain() {}

  /**
   * The chain to store, leaf first then the intermediates it goes through.
   *
   * @throws EstException (status 0) when it does not chain
   */
  static List<X509Certificate> verify(X509Certificate leaf, List<X509Certificate> cas, Instant now)
      throws EstException {
    Set<TrustAnchor> anchors = new HashSet<>();
    List<X509Certificate> intermediates = new ArrayList<>();
    for (X509Certificate c : cas) {
      if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        anchors.add(new TrustAnchor(c, null));
      } else {
        intermediates.add(c);
      }
    }
    if (anchors.isEmpty()) {
      throw new EstException(0, "no CA root to verify the issued certificate against");
    }
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    X509Certificate at = leaf;
    for (int i = 0; i < intermediates.size(); i++) {
      X509Certificate next = issuerOf(at, intermediates);
      if (next == null || path.contains(next)) {
        break;
      }
      path.add(next);
      at = next;
    }
    try {
      validate(path, anchors, now);
      return List.copyOf(path);
    } catch (GeneralSecurityException e) {
      throw new EstException(
          0,
          "issued certificate "
              + leaf.getSubjectX500Principal().getName()
              + " is not trusted: "
              + e.getMessage(),
          e);
    }
  }

  /** PKIX validation of {@code path} (leaf first, no anchor) at {@code now}, without revocation. */
  static void validate(List<X509Certificate> path, Set<TrustAnchor> anchors, Instant now)
      throws GeneralSecurityException {
    PKIXParameters p = new PKIXParameters(anchors);
    p.setRevocationEnabled(false);
    p.setDate(Date.from(now));
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), p);
  }

  private static X509Certificate issuerOf(X509Certificate c, List<X509Certificate> candidates) {
    for (X509Certificate i : candidates) {
      if (i.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        return i;
      }
    }
    return null;
  }
}
