package org.fwsim.hal.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Generates keys with a chosen JCA provider per key type. A generator is made per call: they are
 * not thread-safe, and looking one up costs microseconds against milliseconds of key generation.
 */
final class JcaKeySource implements KeySource {

  /** One provider instance for the JVM, not registered globally: nothing else changes behaviour. */
  static final Provider BOUNCY_CASTLE = BouncyCastle.provider();

  /**
   * Measured on the 2-core reference machine: see performance.md and the report of this package.
   */
  static final JcaKeySource FASTEST =
      new JcaKeySource(
          Map.of(
              KeyType.EC_P256, BOUNCY_CASTLE,
              KeyType.EC_P384, BOUNCY_CASTLE,
              KeyType.EC_P521, BOUNCY_CASTLE));

  private final Map<KeyType, Provider> providers;

  /**
   * @param providers the provider per type; types not named use the JDK's default provider
   */
  JcaKeySource(Map<KeyType, Provider> providers) {
    this.providers = providers.isEmpty() ? Map.of() : new EnumMap<>(providers);
  }

  @Override
  public KeyPair generate(KeyType type) {
    Objects.requireNonNull(type, "key type");
    Provider provider = providers.get(type);
    try {
      KeyPairGenerator generator =
          provider == null
              ? KeyPairGenerator.getInstance(type.algorithm())
              : KeyPairGenerator.getInstance(type.algorithm(), provider);
      generator.initialize(type.parameterSpec());
      KeyPair key = generator.generateKeyPair();
      warmUp(key);
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot generate a "
              + type
              + " key with provider "
              + (provider == null ? "(JDK default)" : provider.getName())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * One private-key operation with the new key, so that it leaves the pool ready to use. The JDK's
   * RSA sets up its blinding values at a key's first private operation, and the modular inverse
   * that takes made the first signature of a pooled key (the CSR of each renewal) cost about twice
   * a later one (JFR of a renewal storm). That work belongs to the key, so it is done here, ahead,
   * with the key generation it is timed with; the JDK keeps the values for as long as the key
   * lives.
   */
  static void warmUp(KeyPair key) {
    if (!"RSA".equals(key.getPrivate().getAlgorithm())) {
      return;
    }
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key.getPrivate());
      signature.update((byte) 0);
      signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("an RSA key that cannot sign: " + e.getMessage(), e);
    }
  }
}
