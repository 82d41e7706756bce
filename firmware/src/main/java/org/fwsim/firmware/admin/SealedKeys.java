package org.fwsim.firmware.admin;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.HexFormat;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.firmware.cli.Secrets;

/**
 * Private keys of the management plane as the configuration keeps them: the way FortiOS keeps a
 * local certificate's, an {@code ENCRYPTED PRIVATE KEY} block (PKCS#8, PBES2 with AES-256-CBC,
 * written by {@link PemCodec}, the one path local certificates take) next to its password, {@code
 * ENC} in the configuration. The SSH host key ({@code ssh-hostkey} with {@code
 * ssh-hostkey-password}) and the factory self-signed HTTPS key are kept so; keys a configuration
 * holds in clear text (written before) still load.
 */
public final class SealedKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SEALED = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

  private SealedKeys() {}

  /**
   * A key sealed under a new random password.
   *
   * @param pem the {@code ENCRYPTED PRIVATE KEY} block
   * @param concealedPassword its password as {@code set ... ENC} writes it ({@link Secrets})
   */
  public record Sealed(String pem, String concealedPassword) {

    /**
     * The CLI lines that keep it: {@code set <keyAttribute> "<pem>"} and {@code set
     * <passwordAttribute> ENC <password>}, each ending in a newline.
     */
    public String setLines(String keyAttribute, String passwordAttribute) {
      return "set "
          + keyAttribute
          + " \""
          + pem
          + "\"\nset "
          + passwordAttribute
          + " ENC "
          + concealedPassword
          + "\n";
    }
  }

  /** Seals {@code key} under a new random password. */
  public static Sealed seal(PrivateKey key) {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    String password = HexFormat.of().formatHex(b);
    return new Sealed(
        PemCodec.encryptedKey(key, password.toCharArray()).strip(), Secrets.conceal(password));
  }

  /** Whether {@code text} holds a sealed key (else a key in clear text, or none). */
  public static boolean isSealed(String text) {
    return text != null && text.contains(SEALED);
  }

  /**
   * The key of the {@code ENCRYPTED PRIVATE KEY} block in {@code text} (other PEM blocks, a
   * certificate after it, are ignored).
   *
   * @param concealedPassword the password as the configuration keeps it ({@code ENC} payload)
   * @param what names the attribute in an error
   * @throws IllegalArgumentException when the block or its password is wrong
   */
  public static PrivateKey open(String text, String concealedPassword, String what) {
    int from = text.indexOf(SEALED);
    if (from < 0) {
      throw new IllegalArgumentException(what + ": no ENCRYPTED PRIVATE KEY block");
    }
    if (concealedPassword == null || concealedPassword.isEmpty()) {
      throw new IllegalArgumentException(what + ": the key's password is not set");
    }
    return PemCodec.decryptKey(
        text.substring(from), Secrets.reveal(concealedPassword).toCharArray(), what);
  }

  /**
   * An EC private key with its public key, which PKCS#8 need not carry and an SSH host key needs: Q
   * = d·G on the key's curve.
   */
  public static KeyPair withPublicKey(ECPrivateKey key) {
    try {
      var q = EC5Util.convertSpec(key.getParams()).getG().multiply(key.getS()).normalize();
      ECPoint w =
          new ECPoint(
              new BigInteger(1, q.getAffineXCoord().getEncoded()),
              new BigInteger(1, q.getAffineYCoord().getEncoded()));
      return new KeyPair(
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, key.getParams())),
          key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot recover the public key: " + e.getMessage(), e);
    }
  }
}
