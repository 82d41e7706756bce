package org.fwsim.testbench.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * The signatures every issuance over TLS costs, owned by one thread: the appliance signs the CSR
 * with its new key and the CA verifies it (proof of possession); the CA signs the certificate and
 * the appliance verifies it. The EST and ACME bounds share it; SCEP's has its own envelope work.
 */
final class IssuanceSignatures {

  private final Signature csrSigner;
  private final Signature csrVerifier;
  private final Signature certificateSigner;
  private final Signature certificateVerifier;
  private final KeyPair fresh;
  private final KeyPair ca;
  private final byte[] csrInfo = new byte[RawRenewalOps.CSR_INFO_BYTES];
  private final byte[] tbsCertificate = new byte[RawRenewalOps.TBS_CERTIFICATE_BYTES];
  private long applianceNanos;

  IssuanceSignatures(BoundKeys keys, SecureRandom random) throws GeneralSecurityException {
    this.fresh = keys.fresh();
    this.ca = keys.ca();
    this.csrSigner = keys.applianceSignature();
    this.csrVerifier = keys.applianceSignature();
    this.certificateSigner = Signature.getInstance("SHA256withRSA");
    this.certificateVerifier = Signature.getInstance("SHA256withRSA");
    random.nextBytes(csrInfo);
    random.nextBytes(tbsCertificate);
  }

  /**
   * Signs and verifies once each; returns bytes of the signatures, so none is dead code. The
   * appliance's two operations (the CSR's signature, the certificate's check) are timed: {@link
   * #applianceNanos}.
   */
  long signAndVerify() throws GeneralSecurityException {
    long t = System.nanoTime();
    csrSigner.initSign(fresh.getPrivate());
    csrSigner.update(csrInfo);
    byte[] csrSignature = csrSigner.sign();
    long appliance = System.nanoTime() - t;
    check(csrVerifier, fresh, csrInfo, csrSignature, "CSR");
    certificateSigner.initSign(ca.getPrivate());
    certificateSigner.update(tbsCertificate);
    byte[] certificateSignature = certificateSigner.sign();
    t = System.nanoTime();
    check(certificateVerifier, ca, tbsCertificate, certificateSignature, "certificate");
    applianceNanos = appliance + System.nanoTime() - t;
    return csrSignature[0] + certificateSignature[0];
  }

  /** How long the appliance's side of the last {@link #signAndVerify} took. */
  long applianceNanos() {
    return applianceNanos;
  }

  private static void check(Signature v, KeyPair key, byte[] data, byte[] signature, String what)
      throws GeneralSecurityException {
    v.initVerify(key.getPublic());
    v.update(data);
    if (!v.verify(signature)) {
      throw new IllegalStateException(what + " signature does not verify");
    }
  }
}
