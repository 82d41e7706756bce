package org.fwsim.testbench.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The CA's own certificates and keys: the root, an optional issuing intermediate and optional RA
 * certificates (one for signing CertReps, one for decrypting requests, as NDES has).
 *
 * <p>Who does what: {@link #issuerCert()} signs end-entity certificates and CRLs; {@link
 * #recipientCert()} is the certificate clients encrypt to; {@link #signerCert()} signs the
 * CertReps. Without RA certificates the issuing CA does all three, which is why the CA certificates
 * carry digitalSignature and keyEncipherment besides keyCertSign and cRLSign (RFC 8894 §2.1.2).
 */
public record CaMaterial(
    X509Certificate rootCert,
    PrivateKey rootKey,
    X509Certificate intermediateCert,
    PrivateKey intermediateKey,
    X509Certificate raSignCert,
    PrivateKey raSignKey,
    X509Certificate raEncryptCert,
    PrivateKey raEncryptKey) {

  static final String SIGNATURE_ALGORITHM = "SHA256withRSA";

  public CaMaterial {
    if (rootCert == null || rootKey == null) {
      throw new IllegalArgumentException("CA material needs a root certificate and its key");
    }
    if ((intermediateCert == null) != (intermediateKey == null)
        || (raSignCert == null) != (raSignKey == null)
        || (raEncryptCert == null) != (raEncryptKey == null)) {
      throw new IllegalArgumentException(
          "each CA material certificate needs its key and vice versa");
    }
    if ((raSignCert == null) != (raEncryptCert == null)) {
      throw new IllegalArgumentException("RA certificates come as a pair: signing and encryption");
    }
  }

  /** Options for {@link #generate}: what to build and how big. */
  public record Spec(
      X500Name rootSubject,
      boolean withIntermediate,
      boolean withRa,
      int rsaBits,
      Duration validity) {

    /** A root only, RSA-2048, ten years: what `./fwsim ca` uses by default. */
    public static Spec rootOnly() {
      return new Spec(
          new X500Name("C=NL,O=fwsim,OU=testbench,CN=fwsim SCEP CA"),
          false,
          false,
          2048,
          Duration.ofDays(3650));
    }

    public Spec withIntermediate(boolean on) {
      return new Spec(rootSubject, on, withRa, rsaBits, validity);
    }

    public Spec withRa(boolean on) {
      return new Spec(rootSubject, withIntermediate, on, rsaBits, validity);
    }
  }

  /**
   * Builds fresh CA material, valid from {@code now} minus a day (clock skew) for the spec's span.
   */
  public static CaMaterial generate(Spec spec, Instant now) {
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
      kpg.initialize(spec.rsaBits());
      Instant from = now.minus(Duration.ofDays(1));
      Instant to = now.plus(spec.validity());
      KeyPair root = kpg.generateKeyPair();
      Validity validity = new Validity(from, to);
      X509Certificate rootCert =
          caCert(
              spec.rootSubject(),
              root.getPublic(),
              Issuer.self(spec.rootSubject(), root),
              BigInteger.ONE,
              validity,
              -1);
      X509Certificate interCert = null;
      PrivateKey interKey = null;
      Issuer issuing = new Issuer(spec.rootSubject(), root.getPrivate(), rootCert);
      if (spec.withIntermediate()) {
        KeyPair inter = kpg.generateKeyPair();
        X500Name name = withCommonName(spec.rootSubject(), "fwsim SCEP Issuing CA");
        interCert = caCert(name, inter.getPublic(), issuing, BigInteger.TWO, validity, 0);
        interKey = inter.getPrivate();
        issuing = new Issuer(name, interKey, interCert);
      }
      X509Certificate raSign = null;
      PrivateKey raSignKey = null;
      X509Certificate raEnc = null;
      PrivateKey raEncKey = null;
      if (spec.withRa()) {
        KeyPair s = kpg.generateKeyPair();
        KeyPair e = kpg.generateKeyPair();
        X500Name signName = withCommonName(spec.rootSubject(), "fwsim SCEP RA signing");
        X500Name encName = withCommonName(spec.rootSubject(), "fwsim SCEP RA encryption");
        raSign =
            certificate(
                signName,
                s.getPublic(),
                issuing,
                BigInteger.valueOf(3),
                validity,
                new BasicConstraints(false),
                KeyUsage.digitalSignature);
        raEnc =
            certificate(
                encName,
                e.getPublic(),
                issuing,
                BigInteger.valueOf(4),
                validity,
                new BasicConstraints(false),
                KeyUsage.keyEncipherment);
        raSignKey = s.getPrivate();
        raEncKey = e.getPrivate();
      }
      return new CaMaterial(
          rootCert, root.getPrivate(), interCert, interKey, raSign, raSignKey, raEnc, raEncKey);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
      throw new IllegalStateException("cannot build CA material: " + ex.getMessage(), ex);
    }
  }

  /** The CA that signs end-entity certificates and CRLs. */
  public X509Certificate issuerCert() {
    return intermediateCert != null ? intermediateCert : rootCert;
  }

  public PrivateKey issuerKey() {
    return intermediateKey != null ? intermediateKey : rootKey;
  }

  /** The certificate clients encrypt their request to. */
  public X509Certificate recipientCert() {
    return raEncryptCert != null ? raEncryptCert : issuerCert();
  }

  public PrivateKey recipientKey() {
    return raEncryptKey != null ? raEncryptKey : issuerKey();
  }

  /** The certificate that signs CertReps. */
  public X509Certificate signerCert() {
    return raSignCert != null ? raSignCert : issuerCert();
  }

  public PrivateKey signerKey() {
    return raSignKey != null ? raSignKey : issuerKey();
  }

  /** True when GetCACert must answer with a chain (application/x-x509-ca-ra-cert). */
  public boolean hasChain() {
    return intermediateCert != null || raSignCert != null;
  }

  /**
   * The GetCACert chain: RA certificates first (certmonger prints them first), then the issuing
   * intermediate, then the root.
   */
  public List<X509Certificate> caChain() {
    List<X509Certificate> out = new ArrayList<>(4);
    if (raSignCert != null) {
      out.add(raSignCert);
      out.add(raEncryptCert);
    }
    if (intermediateCert != null) {
      out.add(intermediateCert);
    }
    out.add(rootCert);
    return List.copyOf(out);
  }

  /** The CA certificates of {@link #caChain()}, issuer up to root, without the RA ones. */
  public List<X509Certificate> authorityChain() {
    return caChain().stream().filter(c -> c.getBasicConstraints() >= 0).toList();
  }

  /** SHA-256 over the root certificate's DER, upper-case hex with colons, as clients pin it. */
  public String rootFingerprint() {
    return fingerprint(rootCert);
  }

  static String fingerprint(X509Certificate cert) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash certificate: " + e.getMessage(), e);
    }
  }

  private static X500Name withCommonName(X500Name base, String cn) {
    String s = base.toString();
    int at = s.toUpperCase(Locale.ROOT).lastIndexOf("CN=");
    return new X500Name((at >= 0 ? s.substring(0, at) : s + ",") + "CN=" + cn);
  }

  /** Who signs a certificate: its name, key and certificate (null while it signs its own). */
  private record Issuer(X500Name name, PrivateKey key, X509Certificate cert) {
    static Issuer self(X500Name name, KeyPair key) {
      return new Issuer(name, key.getPrivate(), null);
    }
  }

  private record Validity(Instant from, Instant to) {}

  /** A CA certificate; {@code pathLen} below 0 leaves the path length open. */
  private static X509Certificate caCert(
      X500Name subject, PublicKey key, Issuer by, BigInteger serial, Validity validity, int pathLen)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    return certificate(
        subject,
        key,
        by,
        serial,
        validity,
        pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen),
        KeyUsage.keyCertSign
            | KeyUsage.cRLSign
            | KeyUsage.digitalSignature
            | KeyUsage.keyEncipherment);
  }

  private static X509Certificate certificate(
      X500Name subject,
      PublicKey key,
      Issuer by,
      BigInteger serial,
      Validity validity,
      BasicConstraints constraints,
      int usage)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            by.name(), serial, Date.from(validity.from()), Date.from(validity.to()), subject, key);
    b.addExtension(Extension.basicConstraints, true, constraints);
    b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
    if (by.cert() != null) {
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(by.cert()));
    }
    return sign(b, by.key());
  }

  static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key)));
  }

  static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode certificate: " + e.getMessage(), e);
    }
  }
}
