package org.fwsim.firmware.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * One-way administrator passwords, kept as FortiOS shows them: {@code ENC SH2<base64>}, a salted
 * SHA-256. The simulator's layout is base64(salt[12] || SHA-256(salt || password)); the shape
 * ({@code SH2} prefix, salted SHA-256, never reversible) is FortiOS's, the exact bytes are ours.
 *
 * <p>Unlike {@link Secrets} nothing here can give the password back: an appliance only checks what
 * a login offers against the hash.
 */
public final class PasswordHash {
  private static final String PREFIX = "SH2";
  private static final int SALT = 12;
  private static final int DIGEST = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** Hashes {@code clear} with a fresh salt: {@code SH2...}, the text after {@code ENC }. */
  public static String hash(String clear) {
    byte[] salt = new byte[SALT];
    RANDOM.nextBytes(salt);
    return hash(salt, clear);
  }

  /** Whether {@code clear} is the password {@code stored} (a {@link #hash} result) was made of. */
  public static boolean matches(String stored, String clear) {
    byte[] raw = decode(stored);
    if (raw == null) {
      return false;
    }
    byte[] salt = Arrays.copyOf(raw, SALT);
    byte[] expected = Arrays.copyOfRange(raw, SALT, raw.length);
    return MessageDigest.isEqual(expected, digest(salt, clear));
  }

  /** Whether {@code text} has the shape of a stored hash (as read back from a saved config). */
  public static boolean isHash(String text) {
    return decode(text) != null;
  }

  private static String hash(byte[] salt, String clear) {
    byte[] d = digest(salt, clear);
    byte[] out = new byte[SALT + DIGEST];
    System.arraycopy(salt, 0, out, 0, SALT);
    System.arraycopy(d, 0, out, SALT, DIGEST);
    return PREFIX + Base64.getEncoder().encodeToString(out);
  }

  private static byte[] decode(String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return null;
    }
    try {
      byte[] raw = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      return raw.length == SALT + DIGEST ? raw : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] digest(byte[] salt, String clear) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      md.update(clear.getBytes(StandardCharsets.UTF_8));
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
    }
  }
}
