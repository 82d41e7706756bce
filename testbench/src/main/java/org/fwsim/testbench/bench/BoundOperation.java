package org.fwsim.testbench.bench;

/**
 * One public- or secret-key operation of a renewal as the crypto bound counts it, and the side that
 * does it: the appliance (the client side of the bound, what the fleet must do per renewal) or the
 * CA.
 */
enum BoundOperation {
  CSR_SIGN(true),
  REQUEST_KEY_ENCRYPT(true),
  REQUEST_SIGN(true),
  REQUEST_VERIFY(false),
  REQUEST_KEY_DECRYPT(false),
  CSR_VERIFY(false),
  CERTIFICATE_SIGN(false),
  CERTREP_SIGN(false),
  /** KeyTrans reply: the CA encrypts the content key to the appliance's current key. */
  REPLY_KEY_ENCRYPT(false),
  REPLY_KEY_DECRYPT(true),
  /** Password reply: PBKDF2 of the challenge, then the RFC 3211 key wrap, on each side. */
  CA_PBKDF2(false),
  CA_KEY_WRAP(false),
  APPLIANCE_PBKDF2(true),
  APPLIANCE_KEY_UNWRAP(true),
  /** KeyAgree reply: a one-time key and ECDH on the CA, ECDH on the appliance. */
  CA_EPHEMERAL_KEY(false),
  CA_ECDH(false),
  APPLIANCE_ECDH(true),
  CERTREP_VERIFY(true),
  CERTIFICATE_VERIFY(true);

  private final boolean appliance;

  BoundOperation(boolean appliance) {
    this.appliance = appliance;
  }

  /** Whether the appliance does it (else the CA). */
  boolean appliance() {
    return appliance;
  }

  /** Hears each operation with what it produced; the bound's tests count and check them. */
  @FunctionalInterface
  interface Log {
    Log NONE = (op, output) -> {};

    /**
     * @param output the signature, ciphertext, derived key or secret; null for a verification
     */
    void did(BoundOperation op, byte[] output);
  }
}
