package org.fwsim.firmware.cmp;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the client trusts in a CA's answers: the shared secret of its MAC (an IR's), and the CA
 * certificates a signature must chain to ({@code cmp-server-cert}, or the CA that issued the
 * current certificate). Immutable.
 *
 * @param secret the shared secret, null when the request was signed
 * @param anchors trusted CA certificates; empty when only the MAC vouches for the answer
 */
public record CmpTrust(char[] secret, List<X509Certificate> anchors) {

  public CmpTrust {
    anchors = List.copyOf(anchors);
  }

  /**
   * The path from {@code cert} up to (not including) a trust anchor, {@code cert} first, built with
   * {@code untrusted} as intermediates and checked at {@code now}.
   *
   * @throws CmpException signerNotTrusted when there is no anchor or no valid path
   */
  public List<X509Certificate> path(
      X509Certificate cert, List<X509Certificate> untrusted, Instant now) throws CmpException {
    if (anchors.isEmpty()) {
      throw new CmpException(
          CmpFailInfo.SIGNER_NOT_TRUSTED,
          "no CA certificate to check " + cert.getSubjectX500Principal() + " against");
    }
    try {
      Set<TrustAnchor> ta = new HashSet<>();
      for (X509Certificate a : anchors) {
        ta.add(new TrustAnchor(a, null));
      }
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(cert);
      PKIXBuilderParameters p = new PKIXBuilderParameters(ta, target);
      p.setRevocationEnabled(false);
      p.setDate(Date.from(now));
      List<X509Certificate> pool = new ArrayList<>(untrusted);
      pool.add(cert);
      p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
      PKIXCertPathBuilderResult r =
          (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(p);
      List<X509Certificate> out = new ArrayList<>();
      r.getCertPath().getCertificates().forEach(c -> out.add((X509Certificate) c));
      return out;
    } catch (GeneralSecurityException e) {
      throw new CmpException(
          CmpFailInfo.SIGNER_NOT_TRUSTED,
          cert.getSubjectX500Principal() + " does not chain to a trusted CA: " + e.getMessage(),
          e);
    }
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "CmpTrust[" + (secret == null ? "" : "secret, ") + anchors.size() + " anchors]";
  }
}
