package org.fwsim.firmware.scep.message;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.PasswordRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;

/**
 * The pkcsPKIEnvelope of a SUCCESS CertRep: sealed by the CA for whatever key signed the request
 * ({@link RecipientKind#forReply}), opened by the client with whatever it has (its certificate and
 * key, and the challengePassword its request carried).
 */
final class ReplyEnvelopes {

  private ReplyEnvelopes() {}

  /**
   * Encrypts a CertRep's messageData to the signer of the request: KeyTrans to an RSA signer (as
   * before EC existed, at the same cost), PasswordRecipientInfo with the CSR's challengePassword or
   * KeyAgree to an EC signer.
   */
  static byte[] seal(
      byte[] messageData,
      X509Certificate signer,
      String challengePassword,
      ContentCipher cipher,
      SecureRandom random)
      throws ScepException {
    return switch (RecipientKind.forReply(signer.getPublicKey(), challengePassword)) {
      case KEY_TRANS ->
          CmsLayers.envelope(messageData, signer, "signer certificate", cipher, random);
      case PASSWORD ->
          CmsLayers.envelope(
              messageData, PasswordEnvelopes.generator(challengePassword, random), cipher, random);
      case KEY_AGREE ->
          CmsLayers.envelope(
              messageData, KeyAgreeEnvelopes.generator(signer, random), cipher, random);
      case OTHER ->
          throw new IllegalStateException("forReply never chooses " + RecipientKind.OTHER);
    };
  }

  /**
   * Decrypts a CertRep's envelope with the first RecipientInfo we can open: KeyTrans with our RSA
   * key; KeyAgree with our EC key, if it names our certificate (any, when {@code ourCert} is null);
   * Password with the challengePassword we sent. When none fits, the error says for each
   * RecipientInfo why not, e.g. a password envelope when our request carried no challenge.
   */
  static byte[] open(
      CMSEnvelopedData envelope,
      X509Certificate ourCert,
      PrivateKey ourKey,
      String challengePassword)
      throws SignedPkiMessage.EnvelopeException {
    List<String> reasons = new ArrayList<>();
    Exception last = null;
    for (RecipientInformation info : envelope.getRecipientInfos().getRecipients()) {
      RecipientKind kind = RecipientKind.of(info);
      try {
        Recipient recipient = recipientFor(kind, info, ourCert, ourKey, challengePassword);
        return info.getContent(recipient);
      } catch (CMSException | RuntimeException e) {
        last = e;
        reasons.add(kind.asn1Name() + ": " + e.getMessage());
      }
    }
    throw new SignedPkiMessage.EnvelopeException(
        FailInfo.BAD_MESSAGE_CHECK,
        "cannot open the pkcsPKIEnvelope"
            + (reasons.isEmpty() ? ": it has no RecipientInfo" : ": " + String.join("; ", reasons)),
        last);
  }

  private static Recipient recipientFor(
      RecipientKind kind,
      RecipientInformation info,
      X509Certificate ourCert,
      PrivateKey ourKey,
      String challengePassword)
      throws CMSException {
    String ours = ourKey == null ? "none" : CmsLayers.isEc(ourKey) ? "EC" : ourKey.getAlgorithm();
    switch (kind) {
      case KEY_TRANS -> {
        if (!"RSA".equals(ours)) {
          throw new CMSException("needs an RSA key, ours is " + ours);
        }
        return new JceKeyTransEnvelopedRecipient(ourKey);
      }
      case KEY_AGREE -> {
        if (!"EC".equals(ours)) {
          throw new CMSException("needs an EC key, ours is " + ours);
        }
        if (ourCert != null && !info.getRID().match(holder(ourCert))) {
          throw new CMSException(
              "is for another certificate than ours (serial "
                  + ourCert.getSerialNumber().toString(16)
                  + ")");
        }
        return KeyAgreeEnvelopes.recipient(ourKey);
      }
      case PASSWORD -> {
        if (!PasswordEnvelopes.usable(challengePassword)) {
          throw new CMSException("needs the challengePassword, and our request carried none");
        }
        return PasswordEnvelopes.recipient((PasswordRecipientInformation) info, challengePassword);
      }
      default -> throw new CMSException("is not a kind SCEP uses");
    }
  }

  private static X509CertificateHolder holder(X509Certificate cert) throws CMSException {
    try {
      return new X509CertificateHolder(cert.getEncoded());
    } catch (CertificateEncodingException | IOException e) {
      throw new CMSException("cannot read our own certificate: " + e.getMessage(), e);
    }
  }
}
