package org.fwsim.testbench.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.RequestHeader;
import org.fwsim.firmware.scep.message.ScepCsr;

/**
 * Opens the single-DES envelopes of legacy clients. RFC 8894 §2.9 forbids single DES, and the
 * firmware codec rightly refuses it with badAlg, but Debian's micromdm {@code scepclient} 2.1.0
 * encrypts with DES-CBC whatever GetCACaps says, and micromdm's own server accepts that. The codec
 * has already verified the outer signature when it says badAlg, so only the envelope is left:
 * BouncyCastle decrypts it here and the CA answers with AES-128-CBC, which such clients read.
 */
final class LegacyDesDecoder {

  private final X509Certificate recipientCert;
  private final PrivateKey recipientKey;

  LegacyDesDecoder(X509Certificate recipientCert, PrivateKey recipientKey) {
    this.recipientCert = recipientCert;
    this.recipientKey = recipientKey;
  }

  /**
   * The request inside a DES-CBC envelope, its reply cipher set to AES-128-CBC; null when the
   * message is not a verified request with a DES-CBC envelope (the codec's answer then stands).
   */
  InboundRequest open(byte[] pkiMessage, RequestHeader header) {
    if (header.type() == null || header.signer() == null) {
      return null;
    }
    try {
      CMSSignedData signed = new CMSSignedData(pkiMessage);
      Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
      if (signers.size() != 1 || signed.getSignedContent() == null) {
        return null;
      }
      SignerInformation si = signers.iterator().next();
      // Checked again here so this path never rests on an assumption about the codec's order.
      if (!si.verify(
          new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder()
              .build(header.signer()))) {
        return null;
      }
      CMSEnvelopedData env = new CMSEnvelopedData((byte[]) signed.getSignedContent().getContent());
      if (!OIWObjectIdentifiers.desCBC.equals(env.getContentEncryptionAlgorithm().getAlgorithm())) {
        return null;
      }
      RecipientInformation ri =
          env.getRecipientInfos().get(new JceKeyTransRecipientId(recipientCert));
      if (ri == null) {
        return null;
      }
      byte[] data = ri.getContent(new JceKeyTransEnvelopedRecipient(recipientKey));
      Date signingTime = signingTime(si.getSignedAttributes());
      return switch (header.type()) {
        case PKCS_REQ, RENEWAL_REQ -> {
          PKCS10CertificationRequest csr = new PKCS10CertificationRequest(data);
          if (!csr.isSignatureValid(
              new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
            yield null;
          }
          yield new InboundRequest(
              header,
              csr,
              null,
              null,
              null,
              signingTime,
              CMSAlgorithm.AES128_CBC,
              ScepCsr.challengePassword(csr));
        }
        case CERT_POLL -> {
          ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(data));
          yield new InboundRequest(
              header,
              null,
              X500Name.getInstance(seq.getObjectAt(0)),
              X500Name.getInstance(seq.getObjectAt(1)),
              null,
              signingTime,
              CMSAlgorithm.AES128_CBC,
              null);
        }
        case GET_CERT, GET_CRL ->
            new InboundRequest(
                header,
                null,
                null,
                null,
                IssuerAndSerialNumber.getInstance(ASN1Primitive.fromByteArray(data)),
                signingTime,
                CMSAlgorithm.AES128_CBC,
                null);
        case CERT_REP -> null;
      };
    } catch (Exception e) {
      // Anything unreadable here keeps the codec's badAlg answer.
      return null;
    }
  }

  static boolean isDesRefusal(FailInfo f) {
    return f == FailInfo.BAD_ALG;
  }

  private static Date signingTime(AttributeTable attrs) {
    if (attrs == null) {
      return null;
    }
    Attribute a = attrs.get(CMSAttributes.signingTime);
    if (a == null || a.getAttrValues().size() != 1) {
      return null;
    }
    try {
      return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
