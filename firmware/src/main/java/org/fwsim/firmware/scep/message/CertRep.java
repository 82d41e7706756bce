package org.fwsim.firmware.scep.message;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A verified CertRep as the client read it. {@code failInfo}/{@code failInfoText} only with
 * FAILURE; {@code certificates} (and {@code crl} for GetCRL) only with SUCCESS, otherwise
 * empty/null.
 */
public record CertRep(
    PkiStatus status,
    FailInfo failInfo,
    String failInfoText,
    String transactionId,
    MessageType type,
    byte[] senderNonce,
    byte[] recipientNonce,
    List<X509Certificate> certificates,
    X509CRL crl,
    UnwrapStats stats) {

  public CertRep {
    certificates = List.copyOf(certificates);
  }
}
