package org.fwsim.firmware.admin;

import java.util.Objects;

/**
 * What a login offers: a password, or an SSH public key in OpenSSH's one-line form ({@code
 * ssh-ed25519 AAAA... comment}) as {@code set ssh-public-key1} holds it. The comment never counts.
 */
public final class AdminCredential {
  private final String password;
  private final String keyType;
  private final String keyBlob;

  private AdminCredential(String password, String keyType, String keyBlob) {
    this.password = password;
    this.keyType = keyType;
    this.keyBlob = keyBlob;
  }

  /** A password as typed (compared against the stored hash, never kept). */
  public static AdminCredential password(String clear) {
    return new AdminCredential(Objects.requireNonNull(clear, "clear"), null, null);
  }

  /**
   * A public key the client proved it holds (the SSH layer checks the signature).
   *
   * @param openSsh {@code <type> <base64> [comment]}
   * @throws IllegalArgumentException when the text has no type and key
   */
  public static AdminCredential publicKey(String openSsh) {
    String[] w = openSsh.strip().split("\\s+");
    if (w.length < 2) {
      throw new IllegalArgumentException("not an OpenSSH public key: " + openSsh);
    }
    return new AdminCredential(null, w[0], w[1]);
  }

  boolean isPassword() {
    return password != null;
  }

  String clear() {
    return password;
  }

  /** Whether a configured {@code ssh-public-keyN} value is this key. */
  boolean sameKey(String configured) {
    if (keyType == null || configured == null || configured.isBlank()) {
      return false;
    }
    String[] w = configured.strip().split("\\s+");
    return w.length >= 2 && w[0].equals(keyType) && w[1].equals(keyBlob);
  }

  @Override
  public String toString() {
    return isPassword() ? "password" : "public key " + keyType;
  }
}
