package org.fwsim.testbench.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.List;

/**
 * The crypto of one CMP key update ({@code --protocol cmpv2}), owned by one thread: the signatures
 * and verifications a KUR, its kup, the certConf and the pkiConf cost on both sides, as the
 * appliance's client and the embedded CA (RFC 4210 §5.3.5, §5.3.18) do them. The appliance signs
 * the proof of possession with its new key and the KUR's protection with its current key; the CA
 * verifies both, signs the certificate and the kup's protection; the appliance verifies the kup and
 * the certificate, then signs the certConf, which the CA verifies and answers with a signed pkiConf
 * that the appliance verifies. A CR ({@code cmp-regeneration-method renewal}) costs the same. DER,
 * ASN.1 parsing, certificate hashes, path building beyond these signatures, HTTP and TCP are not
 * counted. The CA stays RSA-2048; inputs have the sizes of the real structures.
 */
final class CmpRenewalOps extends SidedRenewalWork {

  /** DER sizes signed in an RSA-2048 renewal: a KUR's protected part and a kup's are about so. */
  static final int KUR_PROTECTED_BYTES = 700;

  static final int KUP_PROTECTED_BYTES = 1_300;
  static final int CERT_CONF_PROTECTED_BYTES = 200;
  static final int PKI_CONF_PROTECTED_BYTES = 150;

  /** Whose key signs: the appliance's new one, its current one, or the CA's. */
  private enum Signer {
    FRESH,
    CURRENT,
    CA
  }

  /**
   * One operation of the renewal, in the order the exchange does them.
   *
   * @param appliance whether the appliance does it (else the CA)
   * @param sign a signature (else the verification of the signature made ahead)
   */
  private record Step(String what, boolean appliance, boolean sign, Signer key, int bytes) {}

  private static final List<Step> STEPS =
      List.of(
          new Step("POP", true, true, Signer.FRESH, RawRenewalOps.CSR_INFO_BYTES),
          new Step("KUR protection", true, true, Signer.CURRENT, KUR_PROTECTED_BYTES),
          new Step("KUR protection", false, false, Signer.CURRENT, KUR_PROTECTED_BYTES),
          new Step("POP", false, false, Signer.FRESH, RawRenewalOps.CSR_INFO_BYTES),
          new Step("certificate", false, true, Signer.CA, RawRenewalOps.TBS_CERTIFICATE_BYTES),
          new Step("kup protection", false, true, Signer.CA, KUP_PROTECTED_BYTES),
          new Step("kup protection", true, false, Signer.CA, KUP_PROTECTED_BYTES),
          new Step("certificate", true, false, Signer.CA, RawRenewalOps.TBS_CERTIFICATE_BYTES),
          new Step("certConf protection", true, true, Signer.CURRENT, CERT_CONF_PROTECTED_BYTES),
          new Step("certConf protection", false, false, Signer.CURRENT, CERT_CONF_PROTECTED_BYTES),
          new Step("pkiConf protection", false, true, Signer.CA, PKI_CONF_PROTECTED_BYTES),
          new Step("pkiConf protection", true, false, Signer.CA, PKI_CONF_PROTECTED_BYTES));

  private final Signature[] engines = new Signature[STEPS.size()];
  private final byte[][] inputs = new byte[STEPS.size()][];
  private final byte[][] signatures = new byte[STEPS.size()][];

  CmpRenewalOps(BoundKeys keys, SecureRandom random) throws GeneralSecurityException {
    for (int i = 0; i < STEPS.size(); i++) {
      Step s = STEPS.get(i);
      KeyPair pair =
          switch (s.key()) {
            case FRESH -> keys.fresh();
            case CURRENT -> keys.current();
            case CA -> keys.ca();
          };
      engines[i] =
          s.key() == Signer.CA ? Signature.getInstance("SHA256withRSA") : keys.applianceSignature();
      inputs[i] = new byte[s.bytes()];
      random.nextBytes(inputs[i]);
      // What a verification checks: a real signature over the same input, made once, ahead.
      Signature ahead =
          s.key() == Signer.CA ? Signature.getInstance("SHA256withRSA") : keys.applianceSignature();
      ahead.initSign(pair.getPrivate(), random);
      ahead.update(inputs[i]);
      signatures[i] = ahead.sign();
      if (s.sign()) {
        engines[i].initSign(pair.getPrivate(), random);
      } else {
        engines[i].initVerify(pair.getPublic());
      }
    }
  }

  @Override
  public long renewOnce() throws GeneralSecurityException {
    long sink = 0;
    long start = System.nanoTime();
    long mark = start;
    long appliance = 0;
    for (int i = 0; i < STEPS.size(); i++) {
      Step s = STEPS.get(i);
      Signature e = engines[i];
      e.update(inputs[i]);
      if (s.sign()) {
        byte[] sig = e.sign(); // sign() resets the engine for the next message with the same key
        sink += sig[sig.length - 1];
      } else if (!e.verify(signatures[i])) {
        throw new IllegalStateException("the " + s.what() + " signature did not verify");
      }
      long now = System.nanoTime();
      if (s.appliance()) {
        appliance += now - mark;
      }
      mark = now;
    }
    counted(appliance, mark - start);
    return sink;
  }

  /** Signatures made per renewal on the appliance and on the CA (tests). */
  static long count(boolean appliance, boolean sign) {
    return STEPS.stream().filter(s -> s.appliance() == appliance && s.sign() == sign).count();
  }
}
