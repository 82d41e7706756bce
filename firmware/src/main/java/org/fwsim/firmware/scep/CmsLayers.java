package org.fwsim.firmware.scep;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Builds the two CMS layers of a pkiMessage (EnvelopedData inside SignedData) with BouncyCastle. */
final class CmsLayers {

    /** Stateless and thread-safe, so one instance serves every appliance. */
    private static final DigestCalculatorProvider DIGESTS = digests();

    private CmsLayers() {
    }

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no JCA digest provider", e);
        }
    }

    static DigestCalculatorProvider digestProvider() {
        return DIGESTS;
    }

    /** The JCA signature name for a digest ("SHA-256") and a key ("RSA" or "EC"). */
    static String signatureAlgorithm(String digest, String keyAlgorithm) {
        String hash = digest.replace("-", "").toUpperCase(Locale.ROOT);
        return switch (keyAlgorithm) {
            case "RSA" -> hash + "withRSA";
            case "EC", "ECDSA" -> hash + "withECDSA";
            default -> throw new IllegalArgumentException("unsupported signing key algorithm " + keyAlgorithm
                    + " (SCEP signers are RSA, or EC here)");
        };
    }

    static ContentSigner signer(String digest, PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(signatureAlgorithm(digest, key.getAlgorithm())).build(key);
    }

    /**
     * The JCA key for a SubjectPublicKeyInfo. The JDK's providers know EC and RSA by name but not by
     * OID, so the common OIDs are mapped to names first.
     */
    static PublicKey publicKey(SubjectPublicKeyInfo info) throws ScepException {
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        String name = PKCSObjectIdentifiers.rsaEncryption.equals(oid) ? "RSA"
                : X9ObjectIdentifiers.id_ecPublicKey.equals(oid) ? "EC" : oid.getId();
        try {
            return KeyFactory.getInstance(name).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw ScepException.of(FailInfo.BAD_ALG, "unsupported public key algorithm " + oid + ": " + e.getMessage(),
                    null, e);
        }
    }

    /** Checks that a recipient can receive a KeyTransRecipientInfo envelope, which needs RSA. */
    static void requireRsaRecipient(X509Certificate recipient, String role) throws ScepException {
        PublicKey key = recipient.getPublicKey();
        if (!"RSA".equals(key.getAlgorithm())) {
            throw ScepException.of(null, role + " " + recipient.getSubjectX500Principal().getName()
                    + " has a " + key.getAlgorithm() + " key; the SCEP envelope uses KeyTransRecipientInfo,"
                    + " which needs RSA (password-based envelopes are not supported)");
        }
    }

    /** Encrypts messageData into the pkcsPKIEnvelope for one recipient. */
    static byte[] envelope(byte[] messageData, X509Certificate recipient, ContentCipher cipher,
                           SecureRandom random) throws ScepException {
        requireRsaRecipient(recipient, "recipient");
        try {
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient));
            return der(generator.generate(new CMSProcessableByteArray(messageData),
                    new JceCMSContentEncryptorBuilder(cipher.oid()).setSecureRandom(random).build()).toASN1Structure());
        } catch (CMSException | CertificateEncodingException | IOException e) {
            throw ScepException.of(null, "cannot encrypt the pkcsPKIEnvelope: " + e.getMessage(), null, e);
        }
    }

    /**
     * Signs the outer SignedData: the envelope as encapsulated data (or no content at all for PENDING
     * and FAILURE), the SCEP attributes as signed attributes, and the given certificates.
     */
    static byte[] sign(byte[] envelope, AttributeTable attributes, X509Certificate signerCert, PrivateKey signerKey,
                       List<X509Certificate> certificates, String digest) throws ScepException {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(DIGESTS)
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
                    .build(signer(digest, signerKey), signerCert));
            generator.addCertificates(new JcaCertStore(certificates));
            CMSTypedData content = envelope == null ? new CMSAbsentContent() : new CMSProcessableByteArray(envelope);
            // DER, not BouncyCastle's default BER with 1000-byte content chunks: Go's pkcs7 (micromdm
            // scepclient) hashes the chunk headers of BER content and reports a digest mismatch.
            return generator.generate(content, envelope != null).getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | CertificateEncodingException | IOException
                 | IllegalArgumentException e) {
            throw ScepException.of(null, "cannot sign the pkiMessage: " + e.getMessage(), null, e);
        }
    }

    /**
     * The envelope in DER too, like the SignedData around it: BouncyCastle's BER writes the
     * encrypted content as a constructed OCTET STRING in chunks, which strict DER parsers (Go's
     * pkcs7 in micromdm and step-ca) may mis-read; re-encoding changes no encrypted byte.
     */
    private static byte[] der(org.bouncycastle.asn1.ASN1Object structure) throws IOException {
        return structure.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
    }

    /** A certs-only ("degenerate") SignedData carrying certificates and optionally one CRL. */
    static byte[] certsOnly(List<X509Certificate> certificates, X509CRL crl) throws ScepException {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            if (crl != null) {
                generator.addCRL(new JcaX509CRLHolder(crl));
            }
            return generator.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DER);
        } catch (CMSException | CertificateEncodingException | CRLException | IOException e) {
            throw ScepException.of(null, "cannot encode certs-only SignedData: " + e.getMessage(), null, e);
        }
    }
}
