package org.fwsim.firmware.scep;

/**
 * A pkiMessage built by the client, with what the client must remember to check the CertRep
 * (transactionID and senderNonce).
 */
public record OutboundRequest(MessageType type, String transactionId, byte[] senderNonce, byte[] der, WrapStats stats) {
}
