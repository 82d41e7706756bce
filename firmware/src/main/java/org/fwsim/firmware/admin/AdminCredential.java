package org.fwsim.firmware.admin;

import java.util.Objects;

/**
 * What a login offers: a password, or an SSH public key in OpenSSH's one-line form ({@code
 * ssh-ed25519 AAAA... comment}) as {@code set ssh-public-key1} holds it. The comment never counts.
 */
public sealed interface AdminCredential {

  /** A password as typed (compared against the stored hash, never kept). */
  static AdminCredential password(String clear) {
    return new Password(Objects.requireNonNull(clear, "clear"));
  }

  /**
   * A public key the client proved it holds (the SSH layer checks the signature).
   *
   * @param openSsh {@code <type> <base64> [comment]}
   * @throws IllegalArgumentException when the text has no type and key
   */
  static AdminCredential publicKey(String openSsh) {
    String[] w = openSsh.strip().split("\\s+");
    if (w.length < 2) {
      throw new IllegalArgumentException("not an OpenSSH public key: " + openSsh);
    }
    return new PublicKey(w[0], w[1]);
  }

  /**
   * A password as typed.
   *
   * @param clear the password; never printed
   */
  record Password(String clear) implements AdminCredential {
    @Override
    public String toString() {
      return "password";
    }
  }

  /**
   * A public key, without its comment.
   *
   * @param type e.g. {@code ssh-ed25519}
   * @param blob the base64 key
   */
  record PublicKey(String type, String blob) implements AdminCredential {

    /** Whether a configured {@code ssh-public-keyN} value is this key. */
    boolean sameKey(String configured) {
      if (configured == null || configured.isBlank()) {
        return false;
      }
      String[] w = configured.strip().split("\\s+");
      return w.length >= 2 && w[0].equals(type) && w[1].equals(blob);
    }

    @Override
    public String toString() {
      return "public key " + type;
    }
  }
}
