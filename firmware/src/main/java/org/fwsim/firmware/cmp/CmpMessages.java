package org.fwsim.firmware.cmp;

import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.cmp.ErrorMsgContent;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.cmp.ProtectedPKIMessageBuilder;

/**
 * Builds and names PKIMessages: one header from its fields, one body, one protection; the error
 * body with its PKIFailureInfo. Shared by the appliance's client and the embedded CA.
 */
public final class CmpMessages {

  /** RFC 6712 §3.4: the media type of every CMP request and answer over HTTP. */
  public static final String CONTENT_TYPE = "application/pkixcmp";

  /** RFC 9483 §3.1: transactionID and nonces are 128 bits. */
  public static final int NONCE_BYTES = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private CmpMessages() {}

  /**
   * The header of one message.
   *
   * @param pvno 2 (cmp2000) or 3 (cmp2021, RFC 9480)
   * @param recipNonce null in a first request
   * @param generalInfo e.g. implicitConfirm; empty for none
   */
  public record Header(
      int pvno,
      GeneralName sender,
      GeneralName recipient,
      byte[] transactionId,
      byte[] senderNonce,
      byte[] recipNonce,
      Date messageTime,
      List<InfoTypeAndValue> generalInfo) {}

  /** Encodes {@code body} under {@code h}, protected by {@code p}. */
  public static byte[] encode(Header h, PKIBody body, CmpProtection p) throws CmpException {
    ProtectedPKIMessageBuilder b =
        new ProtectedPKIMessageBuilder(h.pvno(), h.sender(), h.recipient())
            .setTransactionID(h.transactionId())
            .setSenderNonce(h.senderNonce())
            .setMessageTime(h.messageTime())
            .setBody(body);
    if (h.recipNonce() != null) {
      b.setRecipNonce(h.recipNonce());
    }
    for (InfoTypeAndValue i : h.generalInfo()) {
      b.addGeneralInfo(i);
    }
    try {
      return p.protect(b).toASN1Structure().getEncoded();
    } catch (java.io.IOException e) {
      throw new CmpException(CmpFailInfo.SYSTEM_FAILURE, "cannot encode: " + e.getMessage(), e);
    }
  }

  /** Whether a Content-Type header names {@link #CONTENT_TYPE}, parameters and case aside. */
  public static boolean isPkixCmp(String contentType) {
    return contentType != null
        && contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(CONTENT_TYPE);
  }

  /** A fresh 128-bit nonce or transactionID. */
  public static byte[] nonce() {
    byte[] n = new byte[NONCE_BYTES];
    RANDOM.nextBytes(n);
    return n;
  }

  /** An error body (RFC 4210 §5.3.21): rejection, the failure bit and a line of text. */
  public static PKIBody error(CmpFailInfo failInfo, String text) {
    return new PKIBody(PKIBody.TYPE_ERROR, new ErrorMsgContent(rejection(failInfo, text)));
  }

  public static PKIStatusInfo rejection(CmpFailInfo failInfo, String text) {
    return new PKIStatusInfo(PKIStatus.rejection, new PKIFreeText(text), failInfo.asn1());
  }

  /** Upper-case hex of a transactionID or nonce, as traces and logs print it. */
  public static String hex(byte[] b) {
    return b == null ? "-" : HexFormat.of().withUpperCase().formatHex(b);
  }

  /** The body's name in RFC 4210's terms (ir, ip, certConf ...). */
  public static String bodyName(int type) {
    return switch (type) {
      case PKIBody.TYPE_INIT_REQ -> "ir";
      case PKIBody.TYPE_INIT_REP -> "ip";
      case PKIBody.TYPE_CERT_REQ -> "cr";
      case PKIBody.TYPE_CERT_REP -> "cp";
      case PKIBody.TYPE_P10_CERT_REQ -> "p10cr";
      case PKIBody.TYPE_KEY_UPDATE_REQ -> "kur";
      case PKIBody.TYPE_KEY_UPDATE_REP -> "kup";
      case PKIBody.TYPE_REVOCATION_REQ -> "rr";
      case PKIBody.TYPE_REVOCATION_REP -> "rp";
      case PKIBody.TYPE_CONFIRM -> "pkiConf";
      case PKIBody.TYPE_GEN_MSG -> "genm";
      case PKIBody.TYPE_GEN_REP -> "genp";
      case PKIBody.TYPE_ERROR -> "error";
      case PKIBody.TYPE_CERT_CONFIRM -> "certConf";
      case PKIBody.TYPE_POLL_REQ -> "pollReq";
      case PKIBody.TYPE_POLL_REP -> "pollRep";
      default -> "type" + type;
    };
  }
}
