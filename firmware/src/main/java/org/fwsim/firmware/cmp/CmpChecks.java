package org.fwsim.firmware.cmp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.cmp.CMPObjectIdentifiers;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.crmf.AttributeTypeAndValue;
import org.bouncycastle.asn1.crmf.CRMFObjectIdentifiers;
import org.bouncycastle.asn1.crmf.CertId;
import org.bouncycastle.asn1.crmf.Controls;
import org.bouncycastle.asn1.crmf.POPOSigningKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CMPException;
import org.bouncycastle.cert.cmp.CertificateStatus;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.crmf.CRMFException;
import org.bouncycastle.cert.crmf.CertificateRequestMessage;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The checks a PKIMessage must pass before anyone acts on it, each failing with its PKIFailureInfo:
 * header fields, MAC or signature protection, proof of possession, key update rules, certConf's
 * certificate hash. Shared by the appliance's client and the embedded CA.
 */
public final class CmpChecks {

  private CmpChecks() {}

  /** Version 2 or 3, a transactionID, a senderNonce of at least 128 bits. */
  public static void header(CmpInbound in) throws CmpException {
    int pvno = in.pvno();
    if (pvno != PKIHeader.CMP_2000 && pvno != PKIHeader.CMP_2021) {
      throw new CmpException(
          CmpFailInfo.UNSUPPORTED_VERSION, "pvno " + pvno + " (cmp2000 or cmp2021 only)");
    }
    byte[] tx = in.transactionId();
    if (tx == null || tx.length == 0 || tx.length > 64) {
      throw new CmpException(CmpFailInfo.BAD_REQUEST, "transactionID missing or over 64 bytes");
    }
    byte[] nonce = in.senderNonce();
    if (nonce == null || nonce.length < CmpMessages.NONCE_BYTES || nonce.length > 64) {
      throw new CmpException(
          CmpFailInfo.BAD_SENDER_NONCE, "senderNonce missing or shorter than 128 bits");
    }
  }

  /** Checks a MAC-protected message against {@code secret}. */
  public static void verifyMac(ProtectedPKIMessage m, char[] secret) throws CmpException {
    if (!m.hasPasswordBasedMacProtection()) {
      throw new CmpException(CmpFailInfo.WRONG_INTEGRITY, "message is not MAC-protected");
    }
    boolean ok;
    try {
      ok = m.verify(CmpProtection.macBuilder(), secret);
    } catch (CMPException | RuntimeException e) {
      throw new CmpException(
          CmpFailInfo.BAD_MESSAGE_CHECK, "MAC cannot be checked: " + e.getMessage(), e);
    }
    if (!ok) {
      throw new CmpException(CmpFailInfo.BAD_MESSAGE_CHECK, "MAC does not verify (wrong secret)");
    }
  }

  /** Checks a signature-protected message with {@code key}. */
  public static void verifySignature(ProtectedPKIMessage m, PublicKey key) throws CmpException {
    if (m.hasPasswordBasedMacProtection()) {
      throw new CmpException(CmpFailInfo.WRONG_INTEGRITY, "message is MAC-protected, not signed");
    }
    boolean ok;
    try {
      ok = m.verify(verifier(key));
    } catch (CMPException | RuntimeException e) {
      throw new CmpException(
          CmpFailInfo.BAD_MESSAGE_CHECK, "signature cannot be checked: " + e.getMessage(), e);
    }
    if (!ok) {
      throw new CmpException(CmpFailInfo.BAD_MESSAGE_CHECK, "signature does not verify");
    }
  }

  /** The protection certificate: the first of extraCerts (RFC 4210 §5.1.1). */
  public static X509Certificate firstExtraCert(ProtectedPKIMessage m) throws CmpException {
    X509CertificateHolder[] certs = m.getCertificates();
    if (certs.length == 0) {
      throw new CmpException(
          CmpFailInfo.SIGNER_NOT_TRUSTED, "signed message without its certificate in extraCerts");
    }
    return certificate(certs[0]);
  }

  /** A JCA certificate from BouncyCastle's holder. */
  public static X509Certificate certificate(X509CertificateHolder h) throws CmpException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(h.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new CmpException(
          CmpFailInfo.BAD_DATA_FORMAT, "certificate cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Proof of possession by signature (RFC 4211 §4.1): over the certReq, or over a
   * POPOSigningKeyInput MACed with {@code secret} when the template names no subject.
   */
  public static void signaturePop(CertificateRequestMessage req, char[] secret)
      throws CmpException {
    if (!req.hasProofOfPossession()
        || req.getProofOfPossessionType() != CertificateRequestMessage.popSigningKey) {
      throw new CmpException(
          CmpFailInfo.BAD_POP, "a signature proof of possession of the new key is required");
    }
    boolean ok;
    try {
      ContentVerifierProvider v = verifier(publicKey(req.getCertTemplate().getPublicKey()));
      // BouncyCastle's hasSigningKeyProofOfPossessionWithPKMAC() throws when there is no
      // POPOSigningKeyInput (the usual case: the template names the subject), so look first.
      POPOSigningKey pop = POPOSigningKey.getInstance(req.toASN1Structure().getPop().getObject());
      if (pop.getPoposkInput() != null && req.hasSigningKeyProofOfPossessionWithPKMAC()) {
        if (secret == null) {
          throw new CmpException(CmpFailInfo.BAD_POP, "a PKMAC proof needs a shared secret");
        }
        ok = req.isValidSigningKeyPOP(v, CmpProtection.macBuilder(), secret);
      } else {
        ok = req.isValidSigningKeyPOP(v);
      }
    } catch (CRMFException | CmpException | IllegalStateException e) {
      throw new CmpException(CmpFailInfo.BAD_POP, "proof of possession: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CmpException(CmpFailInfo.BAD_POP, "proof of possession: " + e, e);
    }
    if (!ok) {
      throw new CmpException(CmpFailInfo.BAD_POP, "proof of possession does not verify");
    }
  }

  /**
   * A key update (RFC 4210 §5.3.5) brings a new key, and an oldCertID control, when present, names
   * the certificate that signed it.
   */
  public static void keyUpdate(CertificateRequestMessage req, X509Certificate current)
      throws CmpException {
    SubjectPublicKeyInfo key = req.getCertTemplate().getPublicKey();
    if (key != null && Arrays.equals(encoded(key), current.getPublicKey().getEncoded())) {
      throw new CmpException(
          CmpFailInfo.BAD_CERT_TEMPLATE, "a key update needs a new key, not the current one");
    }
    CertId id = oldCertId(req);
    if (id != null) {
      GeneralName issuer =
          new GeneralName(X500Name.getInstance(current.getIssuerX500Principal().getEncoded()));
      if (!id.getSerialNumber().getValue().equals(current.getSerialNumber())
          || !id.getIssuer().equals(issuer)) {
        throw new CmpException(
            CmpFailInfo.BAD_CERT_ID, "oldCertID does not name the signing certificate");
      }
    }
  }

  /** The oldCertID control; BouncyCastle's getControl() knows only three other controls. */
  private static CertId oldCertId(CertificateRequestMessage req) {
    Controls controls = req.toASN1Structure().getCertReq().getControls();
    if (controls == null) {
      return null;
    }
    for (AttributeTypeAndValue c : controls.toAttributeTypeAndValueArray()) {
      if (CRMFObjectIdentifiers.id_regCtrl_oldCertID.equals(c.getType())) {
        return CertId.getInstance(c.getValue());
      }
    }
    return null;
  }

  /** True when the sender asks for implicit confirmation (no certConf). */
  public static boolean asksImplicitConfirm(CmpInbound in) {
    InfoTypeAndValue[] info = in.header().getGeneralInfo();
    if (info == null) {
      return false;
    }
    for (InfoTypeAndValue i : info) {
      if (CMPObjectIdentifiers.it_implicitConfirm.equals(i.getInfoType())) {
        return true;
      }
    }
    return false;
  }

  /** certConf's certHash against the certificate issued. */
  public static boolean hashMatches(CertificateStatus status, X509CertificateHolder issued)
      throws CmpException {
    try {
      return status.isVerified(issued, new JcaDigestCalculatorProviderBuilder().build());
    } catch (CMPException | OperatorCreationException | RuntimeException e) {
      throw new CmpException(
          CmpFailInfo.BAD_CERT_ID, "certHash cannot be checked: " + e.getMessage(), e);
    }
  }

  /** The JCA key of a template's or certificate's SubjectPublicKeyInfo (RSA or EC). */
  public static PublicKey publicKey(SubjectPublicKeyInfo spki) throws CmpException {
    if (spki == null) {
      throw new CmpException(CmpFailInfo.BAD_CERT_TEMPLATE, "the template has no public key");
    }
    try {
      return new JcaPEMKeyConverter().getPublicKey(spki);
    } catch (IOException | RuntimeException e) {
      throw new CmpException(
          CmpFailInfo.BAD_CERT_TEMPLATE, "public key cannot be read: " + e.getMessage(), e);
    }
  }

  static ContentVerifierProvider verifier(PublicKey key) throws CmpException {
    try {
      return new JcaContentVerifierProviderBuilder().build(key);
    } catch (OperatorCreationException e) {
      throw new CmpException(CmpFailInfo.BAD_ALG, "no verifier for " + key.getAlgorithm(), e);
    }
  }

  private static byte[] encoded(SubjectPublicKeyInfo key) throws CmpException {
    try {
      return key.getEncoded();
    } catch (IOException e) {
      throw new CmpException(CmpFailInfo.BAD_CERT_TEMPLATE, "public key cannot be encoded", e);
    }
  }
}
