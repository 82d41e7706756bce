package org.fwsim.firmware.scep.message;

import java.security.cert.X509Certificate;

/**
 * A pkiMessage built by the client, with what the client must remember to check and open the
 * CertRep: transactionID and senderNonce, the certificate the request was signed with (the reply's
 * recipient) and the challengePassword its CSR carried (the key of a password-based reply).
 *
 * @param signer the signer certificate, null when unknown (the reply is then opened by key alone)
 * @param challengePassword the CSR's challengePassword, or null when none was sent
 */
public record OutboundRequest(
    MessageType type,
    String transactionId,
    byte[] senderNonce,
    byte[] der,
    WrapStats stats,
    X509Certificate signer,
    String challengePassword) {

  /** A request whose reply is opened by key alone (KeyTrans, or KeyAgree to any certificate). */
  public OutboundRequest(
      MessageType type, String transactionId, byte[] senderNonce, byte[] der, WrapStats stats) {
    this(type, transactionId, senderNonce, der, stats, null, null);
  }

  /**
   * The same request, its reply to be opened with {@code password} too: a CertPoll carries no CSR,
   * but the CA may key its reply with the challenge of the request it polls for.
   */
  public OutboundRequest withChallengePassword(String password) {
    return new OutboundRequest(type, transactionId, senderNonce, der, stats, signer, password);
  }

  /** Never prints the challengePassword. */
  @Override
  public String toString() {
    return "OutboundRequest["
        + type
        + " "
        + transactionId
        + ", "
        + der.length
        + " bytes"
        + (challengePassword == null ? "" : ", challengePassword ***")
        + "]";
  }
}
