package org.fwsim.firmware.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.Secrets;
import org.fwsim.hal.net.Ip4;

/**
 * API tokens of {@code config system api-user}: a new key is 30 random letters and digits, as
 * FortiOS prints them; the configuration keeps only its SHA-256 (concealed like every secret), so a
 * saved or shown configuration holds no usable token. Also the {@code trusthost} check.
 */
public final class ApiKeys {
  private static final String ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final int LENGTH = 30;
  private static final String HASH_PREFIX = "SH2";

  private ApiKeys() {}

  /** A fresh key from {@code random}. */
  public static String newKey(SecureRandom random) {
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** What {@code api-key} holds for a key, before concealing. */
  public static String hash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HASH_PREFIX + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** The name of the api-user whose key this is, or null. */
  static String userOf(ConfigTree tree, String key) {
    return key == null || key.isEmpty() ? null : userOfHash(tree, hash(key));
  }

  /** The name of the api-user whose key has this {@link #hash}, or null. */
  static String userOfHash(ConfigTree tree, String wanted) {
    var users = tree.global().table("system api-user");
    for (String name : users.keys()) {
      Object stored = users.get(name).configured("api-key");
      if (stored instanceof String enc
          && MessageDigest.isEqual(
              wanted.getBytes(StandardCharsets.US_ASCII),
              revealed(enc).getBytes(StandardCharsets.US_ASCII))) {
        return name;
      }
    }
    return null;
  }

  private static String revealed(String enc) {
    try {
      return Secrets.reveal(enc);
    } catch (IllegalArgumentException e) {
      return ""; // not ours: set by hand to something this build cannot read
    }
  }

  /** Whether {@code source} is inside one of the entry's trusthosts (any, when it has none). */
  static boolean trusted(ConfigObject user, int source) {
    var hosts = user.table("trusthost");
    if (hosts.isEmpty()) {
      return true;
    }
    for (ConfigObject h : hosts.entries()) {
      String[] addrMask = h.text("ipv4-trusthost").split(" ");
      int mask = Ip4.parse(addrMask[1]);
      if ((source & mask) == (Ip4.parse(addrMask[0]) & mask)) {
        return true;
      }
    }
    return false;
  }
}
