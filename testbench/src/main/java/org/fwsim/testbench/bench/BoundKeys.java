package org.fwsim.testbench.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import org.fwsim.hal.pki.BouncyCastle;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.KeyType;

/**
 * The keys a crypto-bound measurement uses, all made before it starts (as the storm's key pool is):
 * the CA's RSA-2048 key, the appliance's current key (the one its old certificate certifies: it
 * signs the renewal and receives the reply) and the new key the renewal asks a certificate for.
 * With {@link CryptoBound.ClientKey#EC_P256} both appliance keys are P-256, made by BouncyCastle as
 * the hypervisor's key pool makes them.
 */
record BoundKeys(KeyPair ca, KeyPair current, KeyPair fresh) {

  /**
   * BouncyCastle as a JCA provider for EC work, passed explicitly and never registered: the SCEP
   * codec signs EC and does ECDH there too, so the bound times the same engines.
   */
  static final Provider BOUNCY_CASTLE = BouncyCastle.provider();

  /** The challengePassword of a bound renewal's CSR when it carries one (a password envelope). */
  static final String CHALLENGE = "crypto-bound-challenge";

  static BoundKeys generate(CryptoBound.ClientKey clientKey) {
    KeySource keys = KeySource.jca(); // as the hypervisor's key pool makes them
    KeyType appliance =
        switch (clientKey) {
          case RSA_2048 -> KeyType.RSA_2048;
          case RSA_4096 -> KeyType.RSA_4096;
          case EC_P256 -> KeyType.EC_P256;
        };
    return new BoundKeys(
        keys.generate(KeyType.RSA_2048), keys.generate(appliance), keys.generate(appliance));
  }

  boolean ec() {
    return "EC".equals(fresh.getPrivate().getAlgorithm())
        || "ECDSA".equals(fresh.getPrivate().getAlgorithm());
  }

  /** The JCA signature name for the appliance's keys: what it signs its CSR and pkiMessage with. */
  String csrSignature() {
    return ec() ? "SHA256withECDSA" : "SHA256withRSA";
  }

  /** A signature engine for the appliance's keys: BouncyCastle for EC, the JDK for RSA. */
  java.security.Signature applianceSignature() throws GeneralSecurityException {
    return ec()
        ? java.security.Signature.getInstance(csrSignature(), BOUNCY_CASTLE)
        : java.security.Signature.getInstance(csrSignature());
  }
}
