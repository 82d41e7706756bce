package org.fwsim.testbench.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * One row of the CA's index: a certificate it issued and what became of it. The index keeps a row
 * for every certificate ever issued, so a row is compact: the fields the index needs, and the
 * certificate as its DER encoding, parsed only when a request is answered with it (a parsed
 * certificate weighs about ten times its encoding).
 */
public final class IssuedCertificate {

  /** VALID until revoked; expiry is a matter of {@link #notAfter} and the clock. */
  public enum Status {
    VALID,
    REVOKED
  }

  private final BigInteger serial;
  private final long notBefore;
  private final long notAfter;
  private final Status status;
  private final Instant revokedAt;
  private final String transactionId;
  private final byte[] encoded;

  private IssuedCertificate(
      BigInteger serial,
      long notBefore,
      long notAfter,
      Status status,
      Instant revokedAt,
      String transactionId,
      byte[] encoded) {
    this.serial = serial;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.status = status;
    this.revokedAt = revokedAt;
    this.transactionId = transactionId;
    this.encoded = encoded;
  }

  static IssuedCertificate of(X509Certificate cert, String transactionId) {
    try {
      return of(
          new JcaX509CertificateHolder(cert),
          cert.getNotBefore().toInstant(),
          cert.getNotAfter().toInstant(),
          transactionId);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The row of {@code cert}, valid from {@code notBefore} to {@code notAfter} (its validity, which
   * the issuer has as instants: BouncyCastle's reading of the DER times would build a date format
   * each).
   */
  static IssuedCertificate of(
      X509CertificateHolder cert, Instant notBefore, Instant notAfter, String transactionId) {
    try {
      return new IssuedCertificate(
          cert.getSerialNumber(),
          notBefore.getEpochSecond(),
          notAfter.getEpochSecond(),
          Status.VALID,
          null,
          transactionId,
          cert.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode certificate: " + e.getMessage(), e);
    }
  }

  IssuedCertificate revoked(Instant at) {
    return new IssuedCertificate(
        serial, notBefore, notAfter, Status.REVOKED, at, transactionId, encoded);
  }

  public BigInteger serial() {
    return serial;
  }

  /**
   * The subject as the JDK's certificate spells it (RFC 2253), read from the encoding: only the
   * depot's index and the console ask, while every issuance would pay for the text and every row
   * keep it.
   */
  public String subject() {
    try {
      return new X500Principal(
              org.bouncycastle.asn1.x509.Certificate.getInstance(encoded).getSubject().getEncoded())
          .getName();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the subject of issued certificate " + serial, e);
    }
  }

  public Instant notBefore() {
    return Instant.ofEpochSecond(notBefore);
  }

  public Instant notAfter() {
    return Instant.ofEpochSecond(notAfter);
  }

  public Status status() {
    return status;
  }

  /** When it was revoked, or null. */
  public Instant revokedAt() {
    return revokedAt;
  }

  /** The transactionID of the request it answered, or null. */
  public String transactionId() {
    return transactionId;
  }

  /** The certificate as BouncyCastle holds it, parsed afresh from its encoding. */
  public X509CertificateHolder holder() {
    try {
      return new X509CertificateHolder(encoded);
    } catch (IOException e) {
      throw new IllegalStateException("cannot parse issued certificate " + serial, e);
    }
  }

  /** The certificate, parsed afresh from its encoding. */
  public X509Certificate certificate() {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(encoded));
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot parse issued certificate " + serial, e);
    }
  }

  /** True when {@code cert} has exactly this row's encoding. */
  boolean isEncodingOf(X509Certificate cert) {
    try {
      return Arrays.equals(encoded, cert.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /**
   * What the row holds on a 64-bit JVM with compressed references, counted from its parts: its own
   * object, the serial, the transactionID string, the encoding, and the index's map node and slot.
   * An estimate that {@code CertificateIndexFootprintTest} checks against the JVM's own count of
   * the objects an index retains.
   */
  long heapBytes() {
    long serialBytes = 40 + array(4L * (serial.bitLength() / 32 + 1));
    long text = transactionId == null ? 0 : string(transactionId);
    return ROW_BYTES + serialBytes + text + array(encoded.length);
  }

  /** This object (56), its map node (32) and slot with the map's headroom (8), its revocation. */
  private static final long ROW_BYTES = 56 + 32 + 8 + 24;

  private static long string(String s) {
    return 24 + array(s.length());
  }

  /** An array of {@code n} bytes: a 16-byte header, padded to 8 bytes. */
  private static long array(long n) {
    return (16 + n + 7) & ~7L;
  }

  /** True when the certificate is unrevoked and inside its validity at {@code now}. */
  public boolean currentlyValid(Instant now) {
    return status == Status.VALID && !now.isBefore(notBefore()) && !now.isAfter(notAfter());
  }
}
