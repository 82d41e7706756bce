package org.fwsim.testbench.bench;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import javax.crypto.Cipher;

/**
 * The public- and secret-key operations of one renewal and nothing else, on JCA engines owned by
 * one thread.
 *
 * <p>Secret-key work: the appliance's two signatures (CSR with the new key, pkiMessage with the
 * current key; ECDSA on BouncyCastle for EC keys, as the codec signs), the CA's RSA decryption of
 * the request's content key, its two RSA signatures (certificate, CertRep), and the reply
 * envelope's work ({@link ReplyEnvelopeOps}: RSA for an RSA appliance; PBKDF2 on both sides or ECDH
 * for EC). Public-key work, as the firmware and the embedded CA do it: the appliance encrypts the
 * request's content key to the CA, the CA verifies the pkiMessage's signature and the CSR's (proof
 * of possession), the appliance verifies the CertRep's signature and the issued certificate's.
 *
 * <p>Inputs have the sizes of the real structures (a CSR's and a certificate's to-be-signed part,
 * the signed attributes of a pkiMessage, a 16-byte AES-128 content key), so the digests cost what
 * they cost in a renewal.
 *
 * <p>Each operation is told to a {@link BoundOperation.Log} with its output (the tests count them
 * and check the signatures), and the time of the appliance's operations is kept apart from the
 * CA's: {@link #applianceShare} is the appliance's part of a renewal's crypto, the client side of
 * the bound.
 */
final class RawRenewalOps extends SidedRenewalWork {

  /**
   * DER sizes of what gets signed in an RSA-2048 renewal: the CSR info as ScepCsr builds it (330
   * bytes, measured), the others typical of our pkiMessages and certificates.
   */
  static final int CSR_INFO_BYTES = 330;

  static final int SIGNED_ATTRIBUTES_BYTES = 240;
  static final int TBS_CERTIFICATE_BYTES = 720;
  static final int CONTENT_KEY_BYTES = 16;

  private final Signature csrSigner;
  private final Signature requestSigner;
  private final Cipher requestDecryptor;
  private final Signature certificateSigner;
  private final Signature certRepSigner;
  private final ReplyEnvelopeOps reply;
  private final Cipher requestEncryptor;
  private final Signature requestVerifier;
  private final Signature csrVerifier;
  private final Signature certRepVerifier;
  private final Signature certificateVerifier;
  private final byte[] requestSignature;
  private final byte[] csrSignature;
  private final byte[] certRepSignature;
  private final byte[] certificateSignature;
  private final byte[] csrInfo;
  private final byte[] requestAttributes;
  private final byte[] tbsCertificate;
  private final byte[] replyAttributes;
  private final byte[] requestKeyToCa;
  private final byte[] contentKey;
  private final BoundOperation.Log log;

  RawRenewalOps(BoundKeys keys, CryptoBound.ReplyEnvelope envelope, SecureRandom random) {
    this(keys, envelope, random, BoundOperation.Log.NONE);
  }

  RawRenewalOps(
      BoundKeys keys,
      CryptoBound.ReplyEnvelope envelope,
      SecureRandom random,
      BoundOperation.Log log) {
    this.log = log;
    try {
      csrSigner = keys.applianceSignature();
      requestSigner = keys.applianceSignature();
      certificateSigner = Signature.getInstance("SHA256withRSA");
      certRepSigner = Signature.getInstance("SHA256withRSA");
      requestDecryptor = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      csrInfo = bytes(random, CSR_INFO_BYTES);
      requestAttributes = bytes(random, SIGNED_ATTRIBUTES_BYTES);
      tbsCertificate = bytes(random, TBS_CERTIFICATE_BYTES);
      replyAttributes = bytes(random, SIGNED_ATTRIBUTES_BYTES);
      contentKey = bytes(random, CONTENT_KEY_BYTES);
      requestEncryptor = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      requestEncryptor.init(Cipher.ENCRYPT_MODE, keys.ca().getPublic(), random);
      // What the CA decrypts: the loop encrypts a content key too, but decrypts this one, whose
      // plaintext it knows, so that a wrong decryption cannot pass.
      requestKeyToCa = requestEncryptor.doFinal(contentKey);
      reply = ReplyEnvelopeOps.create(envelope, keys, contentKey, random, log);
      csrSigner.initSign(keys.fresh().getPrivate(), random);
      requestSigner.initSign(keys.current().getPrivate(), random);
      requestDecryptor.init(Cipher.DECRYPT_MODE, keys.ca().getPrivate(), random);
      certificateSigner.initSign(keys.ca().getPrivate(), random);
      certRepSigner.initSign(keys.ca().getPrivate(), random);
      // What the verifications check: real signatures over the same inputs, made once, ahead.
      csrSignature = signOnce(csrSigner, csrInfo);
      requestSignature = signOnce(requestSigner, requestAttributes);
      certificateSignature = signOnce(certificateSigner, tbsCertificate);
      certRepSignature = signOnce(certRepSigner, replyAttributes);
      requestVerifier = keys.applianceSignature();
      requestVerifier.initVerify(keys.current().getPublic());
      csrVerifier = keys.applianceSignature();
      csrVerifier.initVerify(keys.fresh().getPublic());
      certRepVerifier = Signature.getInstance("SHA256withRSA");
      certRepVerifier.initVerify(keys.ca().getPublic());
      certificateVerifier = Signature.getInstance("SHA256withRSA");
      certificateVerifier.initVerify(keys.ca().getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot set up the raw renewal operations: " + e.getMessage(), e);
    }
  }

  private static byte[] signOnce(Signature s, byte[] data) throws GeneralSecurityException {
    s.update(data);
    return s.sign();
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @Override
  public long renewOnce() throws GeneralSecurityException {
    long start = System.nanoTime();
    // Appliance: the CSR is signed with the new key, the content key encrypted to the CA, the
    // pkiMessage signed with the current key.
    long sink = sign(csrSigner, csrInfo, BoundOperation.CSR_SIGN);
    byte[] toCa = requestEncryptor.doFinal(contentKey);
    log.did(BoundOperation.REQUEST_KEY_ENCRYPT, toCa);
    sink += toCa[0];
    sink += sign(requestSigner, requestAttributes, BoundOperation.REQUEST_SIGN);
    long caStart = System.nanoTime();
    // CA: check the pkiMessage's signature, open its envelope, check the CSR's signature, sign the
    // certificate, sign the CertRep, seal the reply's content key.
    verify(requestVerifier, requestAttributes, requestSignature, BoundOperation.REQUEST_VERIFY);
    sink += decrypt(requestDecryptor, requestKeyToCa);
    verify(csrVerifier, csrInfo, csrSignature, BoundOperation.CSR_VERIFY);
    sink += sign(certificateSigner, tbsCertificate, BoundOperation.CERTIFICATE_SIGN);
    sink += sign(certRepSigner, replyAttributes, BoundOperation.CERTREP_SIGN);
    byte[] sealed = reply.seal();
    long caEnd = System.nanoTime();
    // Appliance: open the reply's envelope, check the CertRep's signature and the certificate's.
    sink += reply.open(sealed);
    verify(certRepVerifier, replyAttributes, certRepSignature, BoundOperation.CERTREP_VERIFY);
    verify(
        certificateVerifier,
        tbsCertificate,
        certificateSignature,
        BoundOperation.CERTIFICATE_VERIFY);
    long end = System.nanoTime();
    counted((caStart - start) + (end - caEnd), end - start);
    return sink;
  }

  /** What the operation signs (the tests verify the signatures the loop made). */
  byte[] signedInput(BoundOperation op) {
    return switch (op) {
      case CSR_SIGN -> csrInfo.clone();
      case REQUEST_SIGN -> requestAttributes.clone();
      case CERTIFICATE_SIGN -> tbsCertificate.clone();
      case CERTREP_SIGN -> replyAttributes.clone();
      default -> throw new IllegalArgumentException(op + " signs nothing");
    };
  }

  private void verify(Signature v, byte[] data, byte[] signature, BoundOperation op)
      throws GeneralSecurityException {
    v.update(data);
    if (!v.verify(signature)) { // verify() resets the engine for the next message, as sign() does
      throw new IllegalStateException("a " + v.getAlgorithm() + " signature did not verify");
    }
    log.did(op, null);
  }

  private long sign(Signature s, byte[] data, BoundOperation op) throws GeneralSecurityException {
    s.update(data);
    byte[] sig = s.sign(); // sign() resets the engine for the next message with the same key
    log.did(op, sig);
    return sig[sig.length - 1];
  }

  private long decrypt(Cipher c, byte[] wrapped) throws GeneralSecurityException {
    byte[] key = c.doFinal(wrapped);
    log.did(BoundOperation.REQUEST_KEY_DECRYPT, key);
    ReplyEnvelopeOps.requireSame(key, contentKey, "RSA decryption returned a wrong content key");
    return key[0];
  }
}
