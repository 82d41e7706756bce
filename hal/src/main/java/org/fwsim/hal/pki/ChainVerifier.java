package org.fwsim.hal.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds and validates a certification path with the JDK's PKIX builder, from a chain's leaf to a
 * trusted root of a store, at a given time and without revocation checks.
 */
final class ChainVerifier {

  private ChainVerifier() {}

  static Set<TrustAnchor> anchors(Collection<CaCertificate> cas) {
    Set<TrustAnchor> anchors = new HashSet<>();
    for (CaCertificate ca : cas) {
      if (ca.trusted() && ca.isRoot()) {
        anchors.add(new TrustAnchor(ca.certificate(), null));
      }
    }
    return Set.copyOf(anchors);
  }

  static PKIXCertPathBuilderResult verify(
      Collection<CaCertificate> cas, List<X509Certificate> chain, Instant at)
      throws UntrustedChainException {
    if (chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException(
          "certificate chain to verify is empty: it needs at least the leaf");
    }
    Objects.requireNonNull(at, "validation time");
    X509Certificate leaf = Objects.requireNonNull(chain.get(0), "leaf certificate");
    Date date = Date.from(at);

    // Only the roots anchor a path (FortiOS 7.0.4+); trusted intermediates are mere candidates.
    // PKIX does not look at an anchor's own validity, but the firmware's TLS stack does, so an
    // expired root must not anchor anything.
    Set<TrustAnchor> anchors = new HashSet<>();
    List<X509Certificate> candidates = new ArrayList<>(chain);
    int expiredRoots = 0;
    for (CaCertificate ca : cas) {
      if (!ca.trusted()) {
        continue;
      }
      if (!ca.isRoot()) {
        candidates.add(ca.certificate());
      } else if (validAt(ca.certificate(), date)) {
        anchors.add(new TrustAnchor(ca.certificate(), null));
      } else {
        expiredRoots++;
      }
    }
    if (anchors.isEmpty()) {
      throw new UntrustedChainException(
          "cannot verify '"
              + leaf.getSubjectX500Principal()
              + "': no trusted root CA"
              + " certificate "
              + (expiredRoots > 0
                  ? "valid at " + at + " (" + expiredRoots + " outside their validity)"
                  : "in the store"));
    }
    PKIXCertPathBuilderResult direct = validateAsGiven(chain, anchors, date);
    if (direct != null) {
      return direct;
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
      params.setDate(date);
      params.setRevocationEnabled(false);
      params.addCertStore(
          java.security.cert.CertStore.getInstance(
              "Collection", new CollectionCertStoreParameters(candidates)));
      return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
    } catch (CertPathBuilderException e) {
      throw new UntrustedChainException(
          "certificate chain of '"
              + leaf.getSubjectX500Principal()
              + "' does not build up to a trusted root CA at "
              + at
              + ": "
              + reason(chain, date, e),
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PKIX path building is unavailable: " + e.getMessage(), e);
    }
  }

  /**
   * The usual case first: the chain as given, leaf first, already leads to one of the roots. The
   * JDK's validator checks that path without the builder's search, which cost a renewal storm
   * several times more (JFR). Null when the chain is not such a path or does not validate: the
   * builder then searches, and explains a failure.
   */
  private static PKIXCertPathBuilderResult validateAsGiven(
      List<X509Certificate> chain, Set<TrustAnchor> anchors, Date date) {
    for (int end = 0; end < chain.size(); end++) {
      X509Certificate last = chain.get(end);
      if (end > 0
          && !chain.get(end - 1).getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
        return null;
      }
      for (TrustAnchor anchor : anchors) {
        if (!anchor
            .getTrustedCert()
            .getSubjectX500Principal()
            .equals(last.getIssuerX500Principal())) {
          continue;
        }
        try {
          CertPath path =
              CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, end + 1));
          PKIXParameters params = new PKIXParameters(Set.of(anchor));
          params.setDate(date);
          params.setRevocationEnabled(false);
          PKIXCertPathValidatorResult r =
              (PKIXCertPathValidatorResult)
                  CertPathValidator.getInstance("PKIX").validate(path, params);
          return new PKIXCertPathBuilderResult(
              path, r.getTrustAnchor(), r.getPolicyTree(), r.getPublicKey());
        } catch (CertPathValidatorException e) {
          // another root of the same name (a CA key roll-over) may still anchor it
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(
              "PKIX path validation is unavailable: " + e.getMessage(), e);
        }
      }
    }
    return null;
  }

  private static boolean validAt(X509Certificate certificate, Date date) {
    try {
      certificate.checkValidity(date);
      return true;
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      return false;
    }
  }

  /** The builder's own message rarely says why; name the first certificate outside its validity. */
  private static String reason(List<X509Certificate> chain, Date date, CertPathBuilderException e) {
    for (X509Certificate certificate : chain) {
      if (certificate.getNotAfter().before(date)) {
        return "'"
            + certificate.getSubjectX500Principal()
            + "' expired on "
            + certificate.getNotAfter().toInstant();
      }
      if (certificate.getNotBefore().after(date)) {
        return "'"
            + certificate.getSubjectX500Principal()
            + "' is not valid before "
            + certificate.getNotBefore().toInstant();
      }
    }
    // The JDK's builder only says it found no path: an unknown issuer, or a CA on the way that may
    // not sign certificates (basic constraints, key usage).
    return "no path to a trusted root (" + e.getMessage() + ")";
  }
}
