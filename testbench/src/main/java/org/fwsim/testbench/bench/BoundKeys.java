package org.fwsim.testbench.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The keys a crypto-bound measurement uses, all made before it starts (as the storm's key pool is):
 * the CA's RSA-2048 key, the appliance's current key (the one its old certificate certifies) and
 * the new key the renewal asks a certificate for.
 */
record BoundKeys(KeyPair ca, KeyPair current, KeyPair fresh) {

  static BoundKeys generate(CryptoBound.ClientKey clientKey) {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      KeyPair ca = rsa.generateKeyPair();
      // The current key signs the request and receives the reply's envelope, and a SCEP envelope
      // is KeyTransRecipientInfo: it must be RSA even when the appliance's new key is EC.
      KeyPair current = rsa.generateKeyPair();
      KeyPair fresh;
      if (clientKey == CryptoBound.ClientKey.EC_P256) {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        fresh = ec.generateKeyPair();
      } else {
        fresh = rsa.generateKeyPair();
      }
      return new BoundKeys(ca, current, fresh);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the crypto-bound keys: " + e.getMessage(), e);
    }
  }

  /** The JCA signature name for the new key: what the appliance signs its CSR with. */
  String csrSignature() {
    return "EC".equals(fresh.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
  }
}
