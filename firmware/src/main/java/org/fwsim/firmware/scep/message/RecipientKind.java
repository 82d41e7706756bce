package org.fwsim.firmware.scep.message;

import java.security.PublicKey;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.PasswordRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;

/**
 * How a pkcsPKIEnvelope keys its content for the recipient (RFC 5652 §6.2), and which kind a
 * CertRep uses for the key that signed the request (RFC 8894 §3.1).
 */
enum RecipientKind {
  /** The content key encrypted to an RSA certificate. */
  KEY_TRANS("KeyTransRecipientInfo"),
  /** The content key wrapped with an ECDH secret between a one-time key and an EC certificate. */
  KEY_AGREE("KeyAgreeRecipientInfo"),
  /** The content key wrapped with a key derived from the challengePassword. */
  PASSWORD("PasswordRecipientInfo"),
  /** KEKRecipientInfo or OtherRecipientInfo: nothing a SCEP peer can open. */
  OTHER("other RecipientInfo");

  private final String asn1Name;

  RecipientKind(String asn1Name) {
    this.asn1Name = asn1Name;
  }

  /** The ASN.1 name, as errors print it. */
  String asn1Name() {
    return asn1Name;
  }

  /**
   * The envelope a CA uses for its reply to a request signed with {@code signerKey}: an RSA key can
   * receive a KeyTransRecipientInfo; an EC key cannot, so RFC 8894 §3.1's PasswordRecipientInfo
   * keyed by the challengePassword when the request's CSR carried one, else key agreement with the
   * signer certificate (a renewal signed by an issued EC certificate, without a challenge).
   *
   * @throws ScepException naming the algorithm when the key is neither RSA nor EC
   */
  static RecipientKind forReply(PublicKey signerKey, String challengePassword)
      throws ScepException {
    if ("RSA".equals(signerKey.getAlgorithm())) {
      return KEY_TRANS;
    }
    if (CmsLayers.isEc(signerKey)) {
      return PasswordEnvelopes.usable(challengePassword) ? PASSWORD : KEY_AGREE;
    }
    throw ScepException.of(
        FailInfo.BAD_ALG,
        "cannot encrypt a CertRep to a " + signerKey.getAlgorithm() + " signer key (RSA or EC)");
  }

  static RecipientKind of(RecipientInformation info) {
    if (info instanceof KeyTransRecipientInformation) {
      return KEY_TRANS;
    }
    if (info instanceof KeyAgreeRecipientInformation) {
      return KEY_AGREE;
    }
    if (info instanceof PasswordRecipientInformation) {
      return PASSWORD;
    }
    return OTHER;
  }
}
