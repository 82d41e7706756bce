package org.fwsim.firmware.scep.client;

import java.security.cert.Certificate;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.hal.pki.CaCertificate;
import org.fwsim.hal.pki.CertSource;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.UntrustedChainException;

/**
 * What the client checks and adds after a SUCCESS CertRep, beyond the checks of {@code
 * PkiRequests}: the issued certificate chains to a trusted root, and the CA certificates it trusted
 * are imported as FortiOS does ({@code CA_Cert_N}).
 */
final class IssuedCertificateCheck {

  private IssuedCertificateCheck() {}

  /**
   * Why the issued certificate cannot stand for the request, when the CA named another subject than
   * the CSR's (a hostile CA turning a renewal of {@code CN=vpn} into {@code CN=admin}), or null
   * when the subject is the one asked for. Names compare as X.500 names, so a CA that only
   * re-encodes a string type is not refused.
   */
  static String otherSubject(X509Certificate issued, X500Name requested) {
    X500Name got = X500Name.getInstance(issued.getSubjectX500Principal().getEncoded());
    return got.equals(requested)
        ? null
        : "issued certificate's subject '" + got + "' is not the requested '" + requested + "'";
  }

  /**
   * The path from the issued certificate to a root that is self-signed in the GetCACert reply or
   * trusted in the store; an intermediate alone is not enough (FortiOS 7.0.4, KB-262267).
   */
  static List<X509Certificate> trustedPath(
      X509Certificate issued, CertRep rep, CaCertificates ca, CertStore store, InstantSource clock)
      throws UntrustedChainException {
    CertStore trust = new CertStore(clock);
    for (CaCertificate known : store.snapshot().caCertificates().values()) {
      trust.putCa(known);
    }
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(issued);
    int i = 0;
    for (X509Certificate c : ca.all()) {
      if (isSelfSigned(c)) {
        trust.putCa(CaCertificate.trusted("GetCACert root " + i++, c));
      } else {
        chain.add(c);
      }
    }
    for (X509Certificate c : rep.certificates()) {
      // GetCACert's certificates are sorted above; the CertRep usually repeats its root, whose
      // self-signature need not be verified twice per renewal.
      if (!c.equals(issued) && !ca.all().contains(c) && !chain.contains(c) && !isSelfSigned(c)) {
        chain.add(c);
      }
    }
    PKIXCertPathBuilderResult result = trust.verifyChain(chain, clock.instant());
    List<X509Certificate> path = new ArrayList<>();
    for (Certificate c : result.getCertPath().getCertificates()) {
      path.add((X509Certificate) c);
    }
    return path;
  }

  /**
   * Each CA certificate of the GetCACert reply that the store lacks becomes {@code CA_Cert_N}, as
   * on FortiOS.
   */
  static void importCaCertificates(CaCertificates ca, CertStore store) {
    for (X509Certificate c : ca.all()) {
      boolean isCa = c.getBasicConstraints() >= 0 || ca.all().size() == 1;
      if (!isCa || hasCa(store, c)) {
        continue;
      }
      store.putCa(new CaCertificate(nextCaName(store), c, CertSource.USER, true));
    }
  }

  private static boolean hasCa(CertStore store, X509Certificate cert) {
    for (CaCertificate known : store.snapshot().caCertificates().values()) {
      if (known.certificate().equals(cert)) {
        return true;
      }
    }
    return false;
  }

  private static String nextCaName(CertStore store) {
    int n = 1;
    while (store.snapshot().findCa("CA_Cert_" + n).isPresent()) {
      n++;
    }
    return "CA_Cert_" + n;
  }

  private static boolean isSelfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
