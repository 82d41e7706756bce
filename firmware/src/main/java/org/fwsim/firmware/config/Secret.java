package org.fwsim.firmware.config;

import java.util.function.UnaryOperator;

/**
 * A configured secret (password, SCEP challenge): holds the {@code ENC} payload and reveals the
 * clear text only when asked, so records and logs never print it.
 *
 * @param encrypted the payload written after {@code ENC } in the configuration
 * @param decryptor turns the payload into the clear text; not part of the secret's identity
 */
public record Secret(String encrypted, UnaryOperator<String> decryptor) {

  /** The clear text, for the protocol that needs it (e.g. the SCEP challenge password). */
  public String reveal() {
    return decryptor.apply(encrypted);
  }

  /** Equal when the payloads are: two readings of one configuration hold equal secrets. */
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
