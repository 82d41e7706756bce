package org.fwsim.firmware.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reversible obfuscation of configuration secrets, the simulator's {@code ENC <base64>} form.
 *
 * <p>FortiOS encrypts secrets with a device key; the simulator uses one fixed, public key so any
 * appliance (and a test) can read a config written by another. This protects against reading a
 * password over someone's shoulder, not against an attacker. The form is AES-128-CBC with the key
 * {@code SHA-256("fwsim config secret v1")[0..16)}, IV = first 16 bytes of HMAC-SHA256(key, clear),
 * payload = base64(IV || ciphertext). The IV is derived from the clear text so the same secret
 * always gives the same {@code ENC} text: configs diff cleanly and round-trip byte for byte.
 */
public final class Secrets {
  private static final SecretKeySpec KEY = new SecretKeySpec(deriveKey(), "AES");

  /**
   * Per thread, the engines: looking them up and keying the MAC at each call made secrets a tenth
   * of an appliance's CPU in a renewal storm, where every commit reveals the SCEP challenges.
   */
  private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::new);

  private Secrets() {}

  /** A keyed HMAC and an AES-CBC cipher, for one thread. */
  private static final class Engines {
    final Mac mac;
    final Cipher aes;

    Engines() {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getEncoded(), "HmacSHA256"));
        aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES/HMAC unavailable in this JVM", e);
      }
    }
  }

  /** Encrypts {@code clear} to the base64 payload written after {@code ENC }. */
  public static String conceal(String clear) {
    try {
      byte[] plain = clear.getBytes(StandardCharsets.UTF_8);
      Engines e = ENGINES.get();
      byte[] iv = Arrays.copyOf(e.mac.doFinal(plain), 16);
      Cipher c = e.aes;
      c.init(Cipher.ENCRYPT_MODE, KEY, new IvParameterSpec(iv));
      byte[] body = c.doFinal(plain);
      byte[] out = new byte[16 + body.length];
      System.arraycopy(iv, 0, out, 0, 16);
      System.arraycopy(body, 0, out, 16, body.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/HMAC unavailable in this JVM", e);
    }
  }

  /** Decrypts a payload made by {@link #conceal}; throws when it is not one. */
  public static String reveal(String payload) {
    String clear = tryReveal(payload);
    if (clear == null) {
      throw new IllegalArgumentException("not an fwsim ENC secret: " + payload);
    }
    return clear;
  }

  /** Like {@link #reveal} but returns null for a payload this simulator did not make. */
  static String tryReveal(String payload) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < 32 || raw.length % 16 != 0) {
      return null;
    }
    try {
      Cipher c = ENGINES.get().aes;
      c.init(Cipher.DECRYPT_MODE, KEY, new IvParameterSpec(raw, 0, 16));
      String clear = new String(c.doFinal(raw, 16, raw.length - 16), StandardCharsets.UTF_8);
      // The IV is a MAC of the clear text: checking it rejects payloads that merely decrypt.
      return conceal(clear).equals(payload) ? clear : null;
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private static byte[] deriveKey() {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest("fwsim config secret v1".getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(h, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
    }
  }
}
