package org.fwsim.testbench.ca;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** One row of the CA's index: a certificate it issued and what became of it. */
public record IssuedCertificate(
    BigInteger serial,
    String subject,
    Instant notBefore,
    Instant notAfter,
    Status status,
    Instant revokedAt,
    String transactionId,
    X509Certificate certificate) {

  /** VALID until revoked; expiry is a matter of {@link #notAfter} and the clock. */
  public enum Status {
    VALID,
    REVOKED
  }

  static IssuedCertificate of(X509Certificate cert, String transactionId) {
    return new IssuedCertificate(
        cert.getSerialNumber(),
        cert.getSubjectX500Principal().getName(),
        cert.getNotBefore().toInstant(),
        cert.getNotAfter().toInstant(),
        Status.VALID,
        null,
        transactionId,
        cert);
  }

  IssuedCertificate revoked(Instant at) {
    return new IssuedCertificate(
        serial, subject, notBefore, notAfter, Status.REVOKED, at, transactionId, certificate);
  }

  /** True when the certificate is unrevoked and inside its validity at {@code now}. */
  public boolean currentlyValid(Instant now) {
    return status == Status.VALID && !now.isBefore(notBefore) && !now.isAfter(notAfter);
  }
}
