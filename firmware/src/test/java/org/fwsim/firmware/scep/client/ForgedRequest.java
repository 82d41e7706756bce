package org.fwsim.firmware.scep.client;

import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.RequestHeader;

/**
 * A request as a misbehaving CA pretends to have read it, so that its CertRep answers another
 * transaction, nonce or challenge password than the client sent.
 */
final class ForgedRequest {
  private ForgedRequest() {}

  /**
   * The PKCSReq {@code sent} with another header and challenge password (null: the reply is keyed
   * to the signer's certificate).
   */
  static InboundRequest of(InboundRequest sent, RequestHeader header, String challengePassword) {
    return new InboundRequest(
        header,
        sent.csr(),
        null,
        null,
        null,
        sent.signingTime(),
        sent.contentCipher(),
        challengePassword);
  }
}
