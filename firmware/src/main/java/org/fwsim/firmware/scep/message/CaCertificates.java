package org.fwsim.firmware.scep.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/**
 * The CA's certificates from a GetCACert reply (RFC 8894 §4.2.1): the issuing CA, any intermediates
 * and RA certificates, and which of them to encrypt requests to and to expect replies signed by,
 * chosen by key usage. Immutable, so appliances enrolling with the same CA can share one instance.
 */
public final class CaCertificates {

  /** GetCACert Content-Type for a single CA certificate (DER). */
  public static final String CA_CERT = "application/x-x509-ca-cert";

  /** GetCACert Content-Type for a certs-only SignedData with the CA, intermediates and RA certs. */
  public static final String CA_RA_CERT = "application/x-x509-ca-ra-cert";

  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_ENCIPHERMENT = 2;

  private final List<X509Certificate> all;
  private final X509Certificate ca;
  private final X509Certificate encryptionCert;
  private final X509Certificate signingCert;
  private final int replyType;
  private final String fingerprintSha256;

  private CaCertificates(
      List<X509Certificate> all,
      X509Certificate ca,
      X509Certificate encryptionCert,
      X509Certificate signingCert,
      int replyType) {
    this.all = List.copyOf(all);
    this.ca = ca;
    this.encryptionCert = encryptionCert;
    this.signingCert = signingCert;
    this.replyType = replyType;
    this.fingerprintSha256 = sha256Hex(ca);
  }

  /**
   * Parses a GetCACert reply. Content-Type parameters (charset) are ignored; any other type is an
   * error naming it (e.g. an HTML page from a wrong URL).
   */
  public static CaCertificates parse(String contentType, byte[] body) throws ScepException {
    return parse(contentType, body, false);
  }

  /**
   * Parses a GetCACert reply as deployed clients do (sscep, micromdm's scepclient): when no RA
   * certificate allows keyEncipherment, requests are encrypted to the CA itself if its key is RSA,
   * whatever its keyUsage says. RFC 8894 §2.1.2 requires keyEncipherment on a CA that decrypts, but
   * real CAs omit it (micromdm's {@code ca -init} sets only keyCertSign and cRLSign), and a client
   * that insisted could not enroll with them. A CA key that cannot receive (EC) is still an error.
   */
  public static CaCertificates parseLenient(String contentType, byte[] body) throws ScepException {
    return parse(contentType, body, true);
  }

  private static CaCertificates parse(String contentType, byte[] body, boolean lenient)
      throws ScepException {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (body == null || body.length == 0) {
      throw ScepException.of(null, "GetCACert reply (" + type + ") has an empty body");
    }
    return switch (type) {
      case CA_CERT -> select(List.of(singleCertificate(body)), 1, lenient);
      case CA_RA_CERT -> select(chain(body), 2, lenient);
      default ->
          throw ScepException.of(
              null,
              "GetCACert reply has Content-Type '"
                  + contentType
                  + "', expected "
                  + CA_CERT
                  + " or "
                  + CA_RA_CERT);
    };
  }

  /**
   * The CA's certificates as a CA holds them: one certificate, or the CA plus intermediates and
   * RAs.
   */
  public static CaCertificates of(List<X509Certificate> certificates) throws ScepException {
    if (certificates.isEmpty()) {
      throw ScepException.of(null, "no CA certificate given");
    }
    return select(certificates, certificates.size() == 1 ? 1 : 2, false);
  }

  /** A certs-only degenerate SignedData of these certificates (the x-x509-ca-ra-cert body). */
  public static byte[] encodeChain(List<X509Certificate> certificates) {
    try {
      return CmsLayers.certsOnly(certificates, null);
    } catch (ScepException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * The GetCACert body for these certificates: the DER certificate alone, or the certs-only chain.
   */
  public byte[] toWire() {
    try {
      return replyType == 1 ? ca.getEncoded() : encodeChain(all);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Content-Type matching {@link #toWire()}. */
  public String contentType() {
    return replyType == 1 ? CA_CERT : CA_RA_CERT;
  }

  private static X509Certificate singleCertificate(byte[] der) throws ScepException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw ScepException.unreadable(
          null, "GetCACert reply", der.length, "a DER X.509 certificate", e);
    }
  }

  private static List<X509Certificate> chain(byte[] der) throws ScepException {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
      if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
        throw ScepException.of(
            null, "GetCACert chain is CMS " + info.getContentType() + ", not SignedData");
      }
      certs.addAll(CmsLayers.certificates(new CMSSignedData(info)));
    } catch (IOException | CMSException | CertificateException | RuntimeException e) {
      throw ScepException.unreadable(
          null, "GetCACert chain", der.length, "a certs-only CMS SignedData", e);
    }
    if (certs.isEmpty()) {
      throw ScepException.of(null, "GetCACert chain holds no certificate");
    }
    return certs;
  }

  private static CaCertificates select(List<X509Certificate> certs, int replyType, boolean lenient)
      throws ScepException {
    List<X509Certificate> cas = new ArrayList<>();
    List<X509Certificate> ras = new ArrayList<>();
    for (X509Certificate c : certs) {
      (c.getBasicConstraints() >= 0 ? cas : ras).add(c);
    }
    X509Certificate ca;
    if (certs.size() == 1) {
      ca = certs.get(0); // a lone GetCACert certificate is the CA, whatever its extensions say
      ras.clear();
    } else if (cas.isEmpty()) {
      throw ScepException.of(
          null, "GetCACert chain of " + certs.size() + " certificates holds no CA certificate");
    } else {
      ca = issuingCa(cas, ras);
    }
    X509Certificate encryption = pick(ras, KEY_ENCIPHERMENT);
    if (encryption == null) {
      encryption =
          allows(ca, KEY_ENCIPHERMENT)
                  || (lenient && "RSA".equals(ca.getPublicKey().getAlgorithm()))
              ? ca
              : null;
    }
    if (encryption == null) {
      throw ScepException.of(
          null,
          "no CA/RA certificate allows keyEncipherment, so requests cannot be"
              + " encrypted (CA "
              + ca.getSubjectX500Principal().getName()
              + ")");
    }
    X509Certificate signing = pick(ras, DIGITAL_SIGNATURE);
    if (signing == null) {
      signing = ca;
    }
    return new CaCertificates(certs, ca, encryption, signing, replyType);
  }

  /** The CA that issued the RA certificates, else the CA that issued no other CA in the set. */
  private static X509Certificate issuingCa(List<X509Certificate> cas, List<X509Certificate> ras) {
    for (X509Certificate ra : ras) {
      for (X509Certificate ca : cas) {
        if (ca.getSubjectX500Principal().equals(ra.getIssuerX500Principal())) {
          return ca;
        }
      }
    }
    for (X509Certificate candidate : cas) {
      boolean issuesAnother = false;
      for (X509Certificate other : cas) {
        if (other != candidate
            && !isSelfIssued(other)
            && candidate.getSubjectX500Principal().equals(other.getIssuerX500Principal())) {
          issuesAnother = true;
        }
      }
      if (!issuesAnother) {
        return candidate;
      }
    }
    return cas.get(0);
  }

  private static boolean isSelfIssued(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }

  private static X509Certificate pick(List<X509Certificate> ras, int usage) {
    for (X509Certificate ra : ras) {
      if (allows(ra, usage)) {
        return ra;
      }
    }
    return null;
  }

  /** A certificate without a keyUsage extension is not restricted. */
  private static boolean allows(X509Certificate c, int usage) {
    boolean[] ku = c.getKeyUsage();
    return ku == null || (ku.length > usage && ku[usage]);
  }

  private static String sha256Hex(X509Certificate cert) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuing CA certificate. */
  public X509Certificate ca() {
    return ca;
  }

  /** The certificate requests are encrypted to: an RA with keyEncipherment, else the CA. */
  public X509Certificate encryptionCert() {
    return encryptionCert;
  }

  /**
   * The certificate CertReps are expected to be signed by: an RA with digitalSignature, else the
   * CA.
   */
  public X509Certificate signingCert() {
    return signingCert;
  }

  /** Every certificate received, in the order received. */
  public List<X509Certificate> all() {
    return all;
  }

  /** True if the certificate is one of the CA's (CA, intermediate or RA). */
  public boolean contains(X509Certificate cert) {
    return all.contains(cert);
  }

  /** SHA-256 over the CA certificate (RFC 8894 §2.2), upper-case hex without separators. */
  public String fingerprintSha256() {
    return fingerprintSha256;
  }

  /**
   * 1 for a single CA certificate (x-x509-ca-cert, the FortiOS trace's "Reply type 1"), 2 for a
   * chain.
   */
  public int replyType() {
    return replyType;
  }
}
