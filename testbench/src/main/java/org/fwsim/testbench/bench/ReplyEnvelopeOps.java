package org.fwsim.testbench.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
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
 * CryptoBound.ReplyEnvelope}, on the engines the SCEP codec uses: {@link #seal} is the CA's share,
 * {@link #open} the appliance's. Opening checks that the appliance recovers what the CA produced,
 * so no step can be skipped, and each operation is told to the {@link BoundOperation.Log}. Owned by
 * one thread.
 */
abstract class ReplyEnvelopeOps {

  final BoundOperation.Log log;

  ReplyEnvelopeOps(BoundOperation.Log log) {
    this.log = log;
  }

  /** The CA's work: seals the reply's content key; returns what the appliance receives. */
  abstract byte[] seal() throws GeneralSecurityException;

  /** The appliance's work: opens what {@link #seal} made; returns a byte of the recovered key. */
  abstract long open(byte[] sealed) throws GeneralSecurityException;

  static ReplyEnvelopeOps create(
      CryptoBound.ReplyEnvelope envelope,
      BoundKeys keys,
      byte[] contentKey,
      SecureRandom random,
      BoundOperation.Log log)
      throws GeneralSecurityException {
    return switch (envelope) {
      case KEY_TRANS -> new KeyTrans(keys, contentKey, random, log);
      case PASSWORD -> new Password(contentKey, random, log);
      case KEY_AGREE -> new KeyAgree(keys, random, log);
    };
  }

  static void requireSame(byte[] recovered, byte[] expected, String what) {
    if (!Arrays.equals(recovered, expected)) {
      throw new IllegalStateException(what);
    }
  }

  /** RSA: the CA encrypts the content key to the appliance's current key, which decrypts it. */
  private static final class KeyTrans extends ReplyEnvelopeOps {
    private final Cipher encryptor = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    private final Cipher decryptor = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    private final byte[] contentKey;

    KeyTrans(BoundKeys keys, byte[] contentKey, SecureRandom random, BoundOperation.Log log)
        throws GeneralSecurityException {
      super(log);
      this.contentKey = contentKey;
      encryptor.init(Cipher.ENCRYPT_MODE, keys.current().getPublic(), random);
      decryptor.init(Cipher.DECRYPT_MODE, keys.current().getPrivate(), random);
    }

    @Override
    byte[] seal() throws GeneralSecurityException {
      byte[] sealed = encryptor.doFinal(contentKey);
      log.did(BoundOperation.REPLY_KEY_ENCRYPT, sealed);
      return sealed;
    }

    @Override
    long open(byte[] sealed) throws GeneralSecurityException {
      byte[] key = decryptor.doFinal(sealed);
      log.did(BoundOperation.REPLY_KEY_DECRYPT, key);
      requireSame(key, contentKey, "RSA decryption returned a wrong content key");
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

    Password(byte[] contentKey, SecureRandom random, BoundOperation.Log log)
        throws GeneralSecurityException {
      super(log);
      this.contentKey = new SecretKeySpec(contentKey, "AES");
      this.random = random;
      random.nextBytes(salt);
    }

    @Override
    byte[] seal() throws GeneralSecurityException {
      wrapper.init(Cipher.WRAP_MODE, kek(BoundOperation.CA_PBKDF2), iv, random);
      byte[] wrapped = wrapper.wrap(contentKey);
      log.did(BoundOperation.CA_KEY_WRAP, wrapped);
      return wrapped;
    }

    @Override
    long open(byte[] wrapped) throws GeneralSecurityException {
      unwrapper.init(Cipher.UNWRAP_MODE, kek(BoundOperation.APPLIANCE_PBKDF2), iv);
      byte[] key = unwrapper.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
      log.did(BoundOperation.APPLIANCE_KEY_UNWRAP, key);
      requireSame(key, contentKey.getEncoded(), "password unwrap returned a wrong content key");
      return key[0];
    }

    private SecretKey kek(BoundOperation side) throws GeneralSecurityException {
      byte[] derived =
          pbkdf2
              .generateSecret(
                  new PBEKeySpec(challenge, salt, PkiReplies.PASSWORD_ENVELOPE_ITERATIONS, 128))
              .getEncoded();
      log.did(side, derived);
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

    private byte[] caSecret;
    private PublicKey lastEphemeral;

    KeyAgree(BoundKeys keys, SecureRandom random, BoundOperation.Log log)
        throws GeneralSecurityException {
      super(log);
      this.appliance = keys.current();
      ephemerals.initialize(new ECGenParameterSpec("secp256r1"), random);
    }

    /** Returns the one-time public key the appliance receives (X.509 encoded). */
    @Override
    byte[] seal() throws GeneralSecurityException {
      KeyPair ephemeral = ephemerals.generateKeyPair();
      byte[] ephemeralPublic = ephemeral.getPublic().getEncoded();
      log.did(BoundOperation.CA_EPHEMERAL_KEY, ephemeralPublic);
      caSide.init(ephemeral.getPrivate());
      caSide.doPhase(appliance.getPublic(), true);
      caSecret = caSide.generateSecret();
      log.did(BoundOperation.CA_ECDH, caSecret);
      lastEphemeral = ephemeral.getPublic();
      return ephemeralPublic;
    }

    @Override
    long open(byte[] ephemeralPublic) throws GeneralSecurityException {
      applianceSide.init(appliance.getPrivate());
      applianceSide.doPhase(lastEphemeral, true);
      byte[] applianceSecret = applianceSide.generateSecret();
      log.did(BoundOperation.APPLIANCE_ECDH, applianceSecret);
      requireSame(
          applianceSecret, caSecret, "ECDH gave the CA and the appliance different secrets");
      return applianceSecret[0];
    }
  }
}
