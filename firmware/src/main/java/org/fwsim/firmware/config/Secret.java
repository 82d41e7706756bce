package org.fwsim.firmware.config;

import java.util.function.UnaryOperator;

/**
 * A configured secret (password, SCEP challenge): holds the {@code ENC} payload and reveals the
 * clear text only when asked, so records and logs never print it.
 */
public final class Secret {
  private final String encrypted;
  private final UnaryOperator<String> decryptor;

  public Secret(String encrypted, UnaryOperator<String> decryptor) {
    this.encrypted = encrypted;
    this.decryptor = decryptor;
  }

  /** The payload written after {@code ENC } in the configuration. */
  public String encrypted() {
    return encrypted;
  }

  /** The clear text, for the protocol that needs it (e.g. the SCEP challenge password). */
  public String reveal() {
    return decryptor.apply(encrypted);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.encrypted.equals(encrypted);
  }

  @Override
  public int hashCode() {
    return encrypted.hashCode();
  }

  @Override
  public String toString() {
    return "ENC ***";
  }
}
