package org.fwsim.firmware.cmp;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PKIMessage;
import org.bouncycastle.cert.cmp.GeneralPKIMessage;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;

/**
 * A received PKIMessage, parsed but not yet trusted: its header fields as the checks need them.
 *
 * @param message the message as BouncyCastle reads it
 * @param transactionId the transactionID, null when absent
 * @param senderNonce the senderNonce, null when absent
 * @param recipNonce the recipNonce, null when absent
 */
public record CmpInbound(
    GeneralPKIMessage message, byte[] transactionId, byte[] senderNonce, byte[] recipNonce) {

  /** Reads DER; anything that is no PKIMessage is {@code badDataFormat}. */
  public static CmpInbound parse(byte[] der) throws CmpException {
    if (der == null || der.length == 0) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "empty body: expected a PKIMessage");
    }
    GeneralPKIMessage m;
    try {
      m = new GeneralPKIMessage(PKIMessage.getInstance(der));
      m.getBody().getContent(); // a body BouncyCastle cannot read fails here, not later
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "not a PKIMessage: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CmpException(CmpFailInfo.BAD_DATA_FORMAT, "not a PKIMessage: " + e, e);
    }
    PKIHeader h = m.getHeader();
    return new CmpInbound(
        m, octets(h.getTransactionID()), octets(h.getSenderNonce()), octets(h.getRecipNonce()));
  }

  public PKIHeader header() {
    return message.getHeader();
  }

  public int bodyType() {
    return message.getBody().getType();
  }

  public PKIBody body() {
    return message.getBody();
  }

  public int pvno() {
    return header().getPvno().intValueExact();
  }

  /** The message with its protection, or {@code wrongIntegrity} when it carries none. */
  public ProtectedPKIMessage protectedMessage() throws CmpException {
    if (!message.hasProtection()) {
      throw new CmpException(CmpFailInfo.WRONG_INTEGRITY, "message is not protected");
    }
    return new ProtectedPKIMessage(message);
  }

  /** The senderKID as text (a MAC reference), or null. */
  public String reference() {
    return CmpProtection.reference(header().getSenderKID());
  }

  private static byte[] octets(ASN1OctetString s) {
    return s == null ? null : s.getOctets();
  }
}
