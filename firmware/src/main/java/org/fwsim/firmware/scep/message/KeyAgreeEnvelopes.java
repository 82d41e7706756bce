package org.fwsim.firmware.scep.message;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.KeyAgreeRecipient;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.fwsim.hal.pki.KeyType;

/**
 * KeyAgreeRecipientInfo to an EC certificate (RFC 5753): one-pass ephemeral-static ECDH ({@code
 * dhSinglePass-stdDH-sha256kdf-scheme}), the shared secret through the X9.63 KDF with SHA-256 into
 * an AES-128 key-wrap key. The CA makes a fresh ephemeral key on the recipient's curve for every
 * envelope; the client needs only its own private key.
 */
final class KeyAgreeEnvelopes {

  private KeyAgreeEnvelopes() {}

  /** The recipient generator of an envelope to the EC key of {@code recipient}. */
  static RecipientInfoGenerator generator(X509Certificate recipient, SecureRandom random)
      throws ScepException {
    if (!(recipient.getPublicKey() instanceof ECPublicKey key)) {
      throw ScepException.of(
          null,
          "key agreement needs an EC certificate; "
              + recipient.getSubjectX500Principal().getName()
              + " has a "
              + recipient.getPublicKey().getAlgorithm()
              + " key");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", CmsLayers.bouncyCastle());
      generator.initialize(curveOf(key), random);
      KeyPair ephemeral = generator.generateKeyPair();
      return new JceKeyAgreeRecipientInfoGenerator(
              CMSAlgorithm.ECDH_SHA256KDF,
              ephemeral.getPrivate(),
              ephemeral.getPublic(),
              CMSAlgorithm.AES128_WRAP)
          .setProvider(CmsLayers.bouncyCastle())
          .setSecureRandom(random)
          .addRecipient(recipient);
    } catch (GeneralSecurityException e) {
      throw ScepException.of(
          null,
          "cannot set up ECDH key agreement to "
              + recipient.getSubjectX500Principal().getName()
              + ": "
              + e.getMessage(),
          null,
          e);
    }
  }

  /** The recipient that opens a KeyAgreeRecipientInfo with our EC private key. */
  static KeyAgreeRecipient recipient(PrivateKey ourKey) {
    return new JceKeyAgreeEnvelopedRecipient(ourKey).setProvider(CmsLayers.bouncyCastle());
  }

  /**
   * The recipient's curve by name when it is one of ours, so BouncyCastle reuses its precomputed
   * tables for that curve; any other named curve by its parameters.
   */
  private static AlgorithmParameterSpec curveOf(ECPublicKey key) {
    try {
      return KeyType.of(key).parameterSpec();
    } catch (IllegalArgumentException e) {
      return key.getParams();
    }
  }
}
