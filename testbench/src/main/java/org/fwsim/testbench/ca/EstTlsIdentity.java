package org.fwsim.testbench.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The EST server's TLS identity: a fresh P-256 key and a serverAuth certificate for the loopback
 * addresses, issued by the CA's issuer, so that a client trusting the CA's root (curl's {@code
 * --cacert}, an appliance's {@code est-server-cert}) trusts the server too (RFC 7030 §3.3.1).
 *
 * @param chain the server certificate, then the CA certificates up to the root
 */
record EstTlsIdentity(PrivateKey key, List<X509Certificate> chain) {

  /** Back-dated by an hour so that a client whose clock lags a little still accepts it. */
  private static final Duration SKEW = Duration.ofHours(1);

  /**
   * @param alsoNamed further IPv4 addresses the certificate names, e.g. the simulated address the
   *     console's appliances reach the server at
   */
  static EstTlsIdentity issue(
      CaMaterial material, CertificateIndex index, Instant now, List<String> alsoNamed) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return issue(material, index, now, alsoNamed, g.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue the EST server certificate: " + e, e);
    }
  }

  /**
   * The same with an RSA 2048 key: TLS-SRP's certificate suites ({@code TLS_SRP_SHA_RSA_*}, RFC
   * 5054) have no ECDSA variant.
   */
  static EstTlsIdentity issueRsa(
      CaMaterial material, CertificateIndex index, Instant now, List<String> alsoNamed) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return issue(material, index, now, alsoNamed, g.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue the EST server certificate: " + e, e);
    }
  }

  private static EstTlsIdentity issue(
      CaMaterial material,
      CertificateIndex index,
      Instant now,
      List<String> alsoNamed,
      KeyPair kp) {
    try {
      X509Certificate ca = material.issuerCert();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
              // From the CA's own counter: no issued certificate shares its serial.
              index.allocateSerial(),
              Date.from(now.minus(SKEW)),
              ca.getNotAfter(),
              new X500Name("CN=127.0.0.1,O=fwsim EST"),
              kp.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      List<GeneralName> names = new ArrayList<>();
      names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
      names.add(new GeneralName(GeneralName.iPAddress, "::1"));
      names.add(new GeneralName(GeneralName.dNSName, "localhost"));
      for (String a : alsoNamed) {
        names.add(new GeneralName(GeneralName.iPAddress, a));
      }
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(new GeneralName[0])));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(CaMaterial.sign(b, material.issuerKey()));
      for (X509Certificate c : material.caChain()) {
        if (c.getBasicConstraints() >= 0) {
          chain.add(c);
        }
      }
      return new EstTlsIdentity(kp.getPrivate(), List.copyOf(chain));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue the EST server certificate: " + e, e);
    }
  }
}
