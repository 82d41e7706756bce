package org.fwsim.firmware.cert;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Writes private keys as {@code ENCRYPTED PRIVATE KEY} blocks under one password: PBES2 with
 * PBKDF2-HMAC-SHA256 (2048 rounds, BouncyCastle's and OpenSSL's default) and AES-256-CBC, as {@code
 * openssl pkcs8 -topk8 -v2 aes256 -v2prf hmacWithSHA256} writes them.
 *
 * <p>A sealer derives the AES key once, for one random salt, and seals every later key of its entry
 * with a fresh IV. PBKDF2 is built to be slow: deriving again at each write-back cost a renewal
 * storm about a tenth of an appliance's CPU (JFR), for a key that is only read back at boot. Not
 * thread-safe: one appliance's mailbox uses it.
 */
public final class KeySealer {

  static final int ITERATIONS = 2048;
  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One AES-CBC cipher per thread: looking one up at every seal was a JCA provider search. */
  private static final ThreadLocal<Cipher> AES =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/CBC/PKCS5Padding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES/CBC unavailable in this JVM", e);
            }
          });

  private final byte[] salt;
  private final SecretKeySpec key;

  private KeySealer(byte[] salt, SecretKeySpec key) {
    this.salt = salt;
    this.key = key;
  }

  /** Derives the sealing key for {@code password} with a new random salt. */
  public static KeySealer derive(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    try {
      byte[] derived =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
              .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256))
              .getEncoded();
      return new KeySealer(salt, new SecretKeySpec(derived, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the key-encryption key: " + e.getMessage(), e);
    }
  }

  /** {@code privateKey} as a PEM {@code ENCRYPTED PRIVATE KEY} block. */
  public String seal(PrivateKey privateKey) {
    byte[] iv = new byte[16];
    RANDOM.nextBytes(iv);
    try {
      Cipher aes = AES.get();
      aes.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      byte[] sealed = aes.doFinal(privateKey.getEncoded());
      PBES2Parameters pbes2 =
          new PBES2Parameters(
              new KeyDerivationFunc(
                  PKCSObjectIdentifiers.id_PBKDF2,
                  new PBKDF2Params(
                      salt,
                      ITERATIONS,
                      new AlgorithmIdentifier(
                          PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))),
              new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)));
      EncryptedPrivateKeyInfo info =
          new EncryptedPrivateKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2), sealed);
      return PemBlock.append(new StringBuilder(2048), "ENCRYPTED PRIVATE KEY", info.getEncoded())
          .toString();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot encrypt the private key: " + e.getMessage(), e);
    }
  }
}
