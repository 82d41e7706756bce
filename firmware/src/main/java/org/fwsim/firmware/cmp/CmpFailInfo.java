package org.fwsim.firmware.cmp;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;

/**
 * The PKIFailureInfo bits fwsim sends or reads (RFC 4210 §5.2.3, RFC 9480), with their RFC names as
 * logs and traces print them.
 */
public enum CmpFailInfo {
  BAD_ALG("badAlg", PKIFailureInfo.badAlg),
  BAD_MESSAGE_CHECK("badMessageCheck", PKIFailureInfo.badMessageCheck),
  BAD_REQUEST("badRequest", PKIFailureInfo.badRequest),
  BAD_TIME("badTime", PKIFailureInfo.badTime),
  BAD_CERT_ID("badCertId", PKIFailureInfo.badCertId),
  BAD_DATA_FORMAT("badDataFormat", PKIFailureInfo.badDataFormat),
  WRONG_AUTHORITY("wrongAuthority", PKIFailureInfo.wrongAuthority),
  INCORRECT_DATA("incorrectData", PKIFailureInfo.incorrectData),
  BAD_POP("badPOP", PKIFailureInfo.badPOP),
  WRONG_INTEGRITY("wrongIntegrity", PKIFailureInfo.wrongIntegrity),
  BAD_RECIPIENT_NONCE("badRecipientNonce", PKIFailureInfo.badRecipientNonce),
  BAD_SENDER_NONCE("badSenderNonce", PKIFailureInfo.badSenderNonce),
  BAD_CERT_TEMPLATE("badCertTemplate", PKIFailureInfo.badCertTemplate),
  SIGNER_NOT_TRUSTED("signerNotTrusted", PKIFailureInfo.signerNotTrusted),
  TRANSACTION_ID_IN_USE("transactionIdInUse", PKIFailureInfo.transactionIdInUse),
  UNSUPPORTED_VERSION("unsupportedVersion", PKIFailureInfo.unsupportedVersion),
  NOT_AUTHORIZED("notAuthorized", PKIFailureInfo.notAuthorized),
  SYSTEM_FAILURE("systemFailure", PKIFailureInfo.systemFailure);

  private final String rfcName;
  private final int mask;

  CmpFailInfo(String rfcName, int mask) {
    this.rfcName = rfcName;
    this.mask = mask;
  }

  public String rfcName() {
    return rfcName;
  }

  public PKIFailureInfo asn1() {
    return new PKIFailureInfo(mask);
  }

  /** The names of the bits set in {@code info}, comma-separated; "none" when none is known. */
  public static String names(ASN1BitString info) {
    if (info == null) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (CmpFailInfo f : values()) {
      if ((info.intValue() & f.mask) != 0) {
        b.append(b.length() == 0 ? "" : ",").append(f.rfcName);
      }
    }
    return b.length() == 0 ? "none" : b.toString();
  }
}
