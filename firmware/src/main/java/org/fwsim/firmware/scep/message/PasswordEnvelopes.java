package org.fwsim.firmware.scep.message;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.PasswordRecipient;
import org.bouncycastle.cms.PasswordRecipientInformation;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcePasswordEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcePasswordRecipientInfoGenerator;

/**
 * PasswordRecipientInfo keyed by the challengePassword (RFC 8894 §3.1, RFC 3211): PBKDF2 with
 * HMAC-SHA256 and a random salt derives the key that wraps the content key with AES-128.
 *
 * <p>BouncyCastle builds and opens the structures. The PBKDF2 itself runs on the JDK's engine,
 * which does the same derivation (UTF-8 password bytes, as BouncyCastle's default conversion
 * scheme) about four times faster than BouncyCastle's provider (0.3 vs 1.3 µs per iteration on the
 * 2-core reference machine); both sides of a renewal pay it, so it counts in a storm. Any other PRF
 * or conversion scheme a foreign CA chooses is left to BouncyCastle.
 */
final class PasswordEnvelopes {

  /**
   * PBKDF2 iterations of our envelopes: NIST SP 800-63B's floor for PBKDF2 (10,000). The envelope
   * carries only a certificate, but an eavesdropper could otherwise test guesses of a static
   * challenge quickly against it. About 3 ms per side on the JDK here.
   */
  static final int ITERATIONS = 10_000;

  /**
   * More than this in a received envelope is refused, so that no reply can pin a worker for long.
   */
  static final int MAX_ITERATIONS = 100_000;

  private static final int SALT_BYTES = 16;

  private PasswordEnvelopes() {}

  /** Whether a challengePassword can key an envelope: present and not empty. */
  static boolean usable(String challengePassword) {
    return challengePassword != null && !challengePassword.isEmpty();
  }

  /** The recipient generator of a CertRep to a client that sent {@code password} in its CSR. */
  static RecipientInfoGenerator generator(String password, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new JdkPbkdf2Generator(password.toCharArray())
        .setProvider(CmsLayers.bouncyCastle())
        .setPRF(PasswordRecipient.PRF.HMacSHA256)
        .setPasswordConversionScheme(PasswordRecipient.PKCS5_SCHEME2_UTF8)
        .setSaltAndIterationCount(salt, ITERATIONS)
        .setSecureRandom(random);
  }

  /**
   * The recipient that opens {@code info} with {@code password}, or an error when the envelope's
   * key derivation is not PBKDF2 or asks for more than {@link #MAX_ITERATIONS} iterations.
   */
  static PasswordRecipient recipient(PasswordRecipientInformation info, String password)
      throws CMSException {
    AlgorithmIdentifier derivation = info.getKeyDerivationAlgorithm();
    if (derivation == null || !PKCSObjectIdentifiers.id_PBKDF2.equals(derivation.getAlgorithm())) {
      throw new CMSException(
          "its key derivation is "
              + (derivation == null ? "absent" : derivation.getAlgorithm())
              + ", not PBKDF2");
    }
    long iterations =
        PBKDF2Params.getInstance(derivation.getParameters()).getIterationCount().longValue();
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new CMSException(
          "its PBKDF2 iteration count " + iterations + " is outside 1.." + MAX_ITERATIONS);
    }
    return new JdkPbkdf2Recipient(password.toCharArray())
        .setProvider(CmsLayers.bouncyCastle())
        .setPasswordConversionScheme(PasswordRecipient.PKCS5_SCHEME2_UTF8);
  }

  /**
   * PBKDF2-HMAC-SHA256 on the JDK for the UTF-8 scheme, or null for anything else (left to
   * BouncyCastle). {@code keySizeBits} is what BouncyCastle asks for: the KEK size in bits.
   */
  static byte[] jdkPbkdf2(
      int schemeId, char[] password, AlgorithmIdentifier derivation, int keySizeBits)
      throws CMSException {
    if (schemeId != PasswordRecipient.PKCS5_SCHEME2_UTF8
        || !PKCSObjectIdentifiers.id_PBKDF2.equals(derivation.getAlgorithm())) {
      return null;
    }
    PBKDF2Params params = PBKDF2Params.getInstance(derivation.getParameters());
    if (!PKCSObjectIdentifiers.id_hmacWithSHA256.equals(params.getPrf().getAlgorithm())) {
      return null;
    }
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(
              new PBEKeySpec(
                  password,
                  params.getSalt(),
                  params.getIterationCount().intValueExact(),
                  keySizeBits))
          .getEncoded();
    } catch (GeneralSecurityException | ArithmeticException e) {
      throw new CMSException("PBKDF2 failed: " + e.getMessage(), e);
    }
  }

  /** BouncyCastle's generator with the key derivation on the JDK. */
  private static final class JdkPbkdf2Generator extends JcePasswordRecipientInfoGenerator {
    JdkPbkdf2Generator(char[] password) {
      super(CMSAlgorithm.AES128_CBC, password);
    }

    @Override
    protected byte[] calculateDerivedKey(int schemeId, AlgorithmIdentifier derivation, int keySize)
        throws CMSException {
      byte[] key = jdkPbkdf2(schemeId, password, derivation, keySize);
      return key != null ? key : super.calculateDerivedKey(schemeId, derivation, keySize);
    }
  }

  /** BouncyCastle's recipient with the key derivation on the JDK. */
  private static final class JdkPbkdf2Recipient extends JcePasswordEnvelopedRecipient {
    JdkPbkdf2Recipient(char[] password) {
      super(password);
    }

    @Override
    public byte[] calculateDerivedKey(int schemeId, AlgorithmIdentifier derivation, int keySize)
        throws CMSException {
      byte[] key = jdkPbkdf2(schemeId, getPassword(), derivation, keySize);
      return key != null ? key : super.calculateDerivedKey(schemeId, derivation, keySize);
    }
  }
}
