package org.fwsim.firmware.scep.message;

import java.security.cert.X509Certificate;

/**
 * What identifies a SCEP request: its type, transactionID, senderNonce and signer certificate. When
 * it comes from a failed decode, {@code type} and {@code signer} may be null (unassigned
 * messageType, signer certificate absent), but transactionId and senderNonce are always set, so a
 * CA can answer with a signed FAILURE CertRep.
 */
public record RequestHeader(
    MessageType type, String transactionId, byte[] senderNonce, X509Certificate signer) {}
