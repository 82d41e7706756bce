package org.fwsim.hal.pki;

import java.security.KeyPair;

/**
 * Makes fresh key pairs for certificate requests. Implementations are safe for use by many threads.
 */
@FunctionalInterface
public interface KeySource {

  /**
   * A new key pair of that type, never handed out before.
   *
   * @throws IllegalStateException if the provider cannot generate it
   */
  KeyPair generate(KeyType type);

  /**
   * Key generation with the fastest JCA provider per type on this platform: the JDK's for RSA,
   * BouncyCastle's for EC (about five times the JDK's speed for P-256 keys).
   */
  static KeySource jca() {
    return JcaKeySource.FASTEST;
  }

  /**
   * Does now the one-time work a key's first private-key operation would do (the JDK's RSA blinding
   * set-up; nothing for EC), as {@link #jca()} does for the keys it makes: a key read back from a
   * store is then as ready as a freshly generated one.
   *
   * @throws IllegalStateException if the key cannot sign
   */
  static void warmUp(KeyPair key) {
    JcaKeySource.warmUp(key);
  }
}
