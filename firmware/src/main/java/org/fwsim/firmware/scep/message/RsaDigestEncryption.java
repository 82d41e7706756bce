package org.fwsim.firmware.scep.message;

import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSSignatureEncryptionAlgorithmFinder;
import org.bouncycastle.cms.DefaultCMSSignatureEncryptionAlgorithmFinder;

/**
 * Names an RSA PKCS#1 v1.5 SignerInfo's signatureAlgorithm {@code rsaEncryption}, as OpenSSL, Cisco
 * and Windows NDES write it, instead of BouncyCastle's default {@code sha256WithRSAEncryption}.
 *
 * <p>RFC 5652 allows both, but strict SCEP peers accept only the first: strongSwan's {@code pki
 * --scep} refuses a CertRep with "only RSA digest encryption supported". The digest is named apart
 * in the SignerInfo's digestAlgorithm, so nothing is lost. Other algorithms (ECDSA, RSASSA-PSS)
 * keep BouncyCastle's choice.
 */
final class RsaDigestEncryption implements CMSSignatureEncryptionAlgorithmFinder {

  static final RsaDigestEncryption INSTANCE = new RsaDigestEncryption();

  private static final AlgorithmIdentifier RSA_ENCRYPTION =
      new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

  private static final Set<ASN1ObjectIdentifier> PKCS1_V15 =
      Set.of(
          PKCSObjectIdentifiers.sha1WithRSAEncryption,
          PKCSObjectIdentifiers.sha224WithRSAEncryption,
          PKCSObjectIdentifiers.sha256WithRSAEncryption,
          PKCSObjectIdentifiers.sha384WithRSAEncryption,
          PKCSObjectIdentifiers.sha512WithRSAEncryption);

  private final CMSSignatureEncryptionAlgorithmFinder fallback =
      new DefaultCMSSignatureEncryptionAlgorithmFinder();

  private RsaDigestEncryption() {}

  @Override
  public AlgorithmIdentifier findEncryptionAlgorithm(AlgorithmIdentifier signatureAlgorithm) {
    return PKCS1_V15.contains(signatureAlgorithm.getAlgorithm())
        ? RSA_ENCRYPTION
        : fallback.findEncryptionAlgorithm(signatureAlgorithm);
  }
}
