package org.fwsim.testbench.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.fwsim.firmware.scep.message.PkiReplies;

/**
 * The public- and secret-key work of a CertRep's envelope for one renewal, per {@link
 * CryptoBound.ReplyEnvelope}, on the engines the SCEP codec uses. Each run checks that the
 * appliance recovers what the CA produced, so no step can be skipped. Owned by one thread.
 */
abstract class ReplyEnvelopeOps {

  /** Does the envelope's secret-key work of one reply; returns a byte of the recovered key. */
  abstract long run() throws GeneralSecurityException;

  static ReplyEnvelopeOps create(
      CryptoBound.ReplyEnvelope envelope, BoundKeys keys, byte[] contentKey, SecureRandom random)
      throws GeneralSecurityException {
    return switch (envelope) {
      case KEY_TRANS -> new KeyTrans(keys, contentKey, random);
      case PASSWORD -> new Password(contentKey, random);
      case KEY_AGREE -> new KeyAgree(keys, random);
    };
  }

  /** RSA: the CA encrypts the content key to the appliance's current key, which decrypts it. */
  private static final class KeyTrans extends ReplyEnvelopeOps {
    private final Cipher encryptor = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    private final Cipher decryptor = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    private final byte[] contentKey;

    KeyTrans(BoundKeys keys, byte[] contentKey, SecureRandom random)
        throws GeneralSecurityException {
      this.contentKey = contentKey;
      encryptor.init(Cipher.ENCRYPT_MODE, keys.current().getPublic(), random);
      decryptor.init(Cipher.DECRYPT_MODE, keys.current().getPrivate(), random);
    }

    @Override
    long run() throws GeneralSecurityException {
      byte[] key = decryptor.doFinal(encryptor.doFinal(contentKey));
      if (!Arrays.equals(key, contentKey)) {
        throw new IllegalStateException("RSA decryption returned a wrong content key");
      }
      return key[0];
    }
  }

  /**
   * PasswordRecipientInfo: PBKDF2-HMAC-SHA256 of the challenge on the CA and on the appliance (the
   * JDK's engine, as the codec's), the content key wrapped and unwrapped with the RFC 3211 AES
   * wrap.
   */
  private static final class Password extends ReplyEnvelopeOps {
    private final SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    private final Cipher wrapper = Cipher.getInstance("AESRFC3211Wrap", BoundKeys.BOUNCY_CASTLE);
    private final Cipher unwrapper = Cipher.getInstance("AESRFC3211Wrap", BoundKeys.BOUNCY_CASTLE);
    private final char[] challenge = BoundKeys.CHALLENGE.toCharArray();
    private final byte[] salt = new byte[16];
    private final IvParameterSpec iv = new IvParameterSpec(new byte[16]);
    private final SecretKeySpec contentKey;
    private final SecureRandom random;

    Password(byte[] contentKey, SecureRandom random) throws GeneralSecurityException {
      this.contentKey = new SecretKeySpec(contentKey, "AES");
      this.random = random;
      random.nextBytes(salt);
    }

    @Override
    long run() throws GeneralSecurityException {
      wrapper.init(Cipher.WRAP_MODE, kek(), iv, random); // CA
      byte[] wrapped = wrapper.wrap(contentKey);
      unwrapper.init(Cipher.UNWRAP_MODE, kek(), iv); // appliance
      byte[] key = unwrapper.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
      if (!Arrays.equals(key, contentKey.getEncoded())) {
        throw new IllegalStateException("password unwrap returned a wrong content key");
      }
      return key[0];
    }

    private SecretKey kek() throws GeneralSecurityException {
      byte[] derived =
          pbkdf2
              .generateSecret(
                  new PBEKeySpec(challenge, salt, PkiReplies.PASSWORD_ENVELOPE_ITERATIONS, 128))
              .getEncoded();
      return new SecretKeySpec(derived, "AES");
    }
  }

  /**
   * KeyAgreeRecipientInfo: the CA makes a one-time P-256 key and agrees a secret with the
   * appliance's current key; the appliance agrees the same secret (the X9.63 KDF and the AES key
   * wrap around it are a hash and a block cipher on 32 bytes, left out).
   */
  private static final class KeyAgree extends ReplyEnvelopeOps {
    private final KeyPairGenerator ephemerals =
        KeyPairGenerator.getInstance("EC", BoundKeys.BOUNCY_CASTLE);
    private final KeyAgreement caSide = KeyAgreement.getInstance("ECDH", BoundKeys.BOUNCY_CASTLE);
    private final KeyAgreement applianceSide =
        KeyAgreement.getInstance("ECDH", BoundKeys.BOUNCY_CASTLE);
    private final KeyPair appliance;

    KeyAgree(BoundKeys keys, SecureRandom random) throws GeneralSecurityException {
      this.appliance = keys.current();
      ephemerals.initialize(new ECGenParameterSpec("secp256r1"), random);
    }

    @Override
    long run() throws GeneralSecurityException {
      KeyPair ephemeral = ephemerals.generateKeyPair();
      caSide.init(ephemeral.getPrivate());
      caSide.doPhase(appliance.getPublic(), true);
      byte[] caSecret = caSide.generateSecret();
      applianceSide.init(appliance.getPrivate());
      applianceSide.doPhase(ephemeral.getPublic(), true);
      byte[] applianceSecret = applianceSide.generateSecret();
      if (!Arrays.equals(caSecret, applianceSecret)) {
        throw new IllegalStateException("ECDH gave the CA and the appliance different secrets");
      }
      return applianceSecret[0];
    }
  }
}
