package org.fwsim.firmware.est;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Reads an EST server's answer (RFC 7030 §4.1.3, §4.2.3): a non-200 status is the server's refusal;
 * a 200 must carry base64 certs-only PKCS#7 ({@code application/pkcs7-mime}). An enrollment's
 * certificate must hold the requested key and subject before the appliance may store it.
 */
public final class EstAnswer {

  static final String PKCS7 = "application/pkcs7-mime";

  private EstAnswer() {}

  /** The CA certificates of a {@code /cacerts} answer, naming a Retry-After the server gave. */
  public static List<X509Certificate> cacerts(EstHttpsClient.Response r) throws EstException {
    return withRetryAfter(r, () -> cacerts(r.status(), r.contentType(), r.body()));
  }

  /** The certificate of an enrollment answer, naming a Retry-After the server gave. */
  public static X509Certificate enrolled(EstHttpsClient.Response r, PKCS10CertificationRequest csr)
      throws EstException {
    return withRetryAfter(r, () -> enrolled(r.status(), r.contentType(), r.body(), csr));
  }

  private interface Read<T> {
    T read() throws EstException;
  }

  /**
   * A 202 or 503 tells when to come back (RFC 7030 §4.2.3); the reason says so, forticron keeps its
   * own schedule.
   */
  private static <T> T withRetryAfter(EstHttpsClient.Response r, Read<T> read) throws EstException {
    try {
      return read.read();
    } catch (EstException e) {
      if (e.status() == 0 || r.retryAfter() == null) {
        throw e;
      }
      throw new EstException(
          e.status(), e.getMessage() + ", Retry-After " + r.retryAfter().strip(), e);
    }
  }

  /** The CA certificates of a {@code /cacerts} answer. */
  public static List<X509Certificate> cacerts(int status, String contentType, byte[] body)
      throws EstException {
    List<X509Certificate> certs = certsOnly("cacerts", status, contentType, body);
    if (certs.isEmpty()) {
      throw new EstException(0, "cacerts answer holds no certificate");
    }
    return certs;
  }

  /**
   * The certificate a {@code /simpleenroll} or {@code /simplereenroll} answer issued for {@code
   * csr}: the one holding the requested public key, with the requested subject.
   */
  public static X509Certificate enrolled(
      int status, String contentType, byte[] body, PKCS10CertificationRequest csr)
      throws EstException {
    List<X509Certificate> certs = certsOnly("enroll", status, contentType, body);
    byte[] requestedKey;
    try {
      requestedKey = csr.getSubjectPublicKeyInfo().getEncoded();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode the request's key", e);
    }
    for (X509Certificate c : certs) {
      if (Arrays.equals(c.getPublicKey().getEncoded(), requestedKey)) {
        X500Name subject = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        if (!subject.equals(csr.getSubject())) {
          throw new EstException(
              0, "issued certificate is for " + subject + ", requested " + csr.getSubject());
        }
        return c;
      }
    }
    throw new EstException(
        0, "none of the " + certs.size() + " certificates in the answer holds the requested key");
  }

  private static List<X509Certificate> certsOnly(
      String operation, int status, String contentType, byte[] body) throws EstException {
    if (status != 200) {
      throw new EstException(status, operation + " refused: HTTP " + status + firstLine(body));
    }
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!PKCS7.equals(type)) {
      throw new EstException(
          0, operation + " answer has Content-Type '" + contentType + "', expected " + PKCS7);
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(body);
      List<X509Certificate> out = new ArrayList<>();
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (X509CertificateHolder h : new CMSSignedData(der).getCertificates().getMatches(null)) {
        out.add(converter.getCertificate(h));
      }
      return out;
    } catch (CMSException | CertificateException | RuntimeException e) {
      throw new EstException(
          0, operation + " answer is not base64 certs-only PKCS#7: " + e.getMessage(), e);
    }
  }

  private static String firstLine(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text =
        new String(body, 0, Math.min(body.length, 120), java.nio.charset.StandardCharsets.UTF_8);
    String line = text.lines().findFirst().orElse("").strip();
    return line.isEmpty() ? "" : " (" + line.replaceAll("[^\\x20-\\x7e]", "?") + ")";
  }
}
