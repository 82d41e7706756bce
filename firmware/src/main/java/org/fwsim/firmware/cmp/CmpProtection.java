package org.fwsim.firmware.cmp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cmp.PBMParameter;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CMPException;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.cmp.ProtectedPKIMessageBuilder;
import org.bouncycastle.cert.crmf.CRMFException;
import org.bouncycastle.cert.crmf.PKMACBuilder;
import org.bouncycastle.cert.crmf.jcajce.JcePKMACValuesCalculator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * How a PKIMessage is protected (RFC 4210 §5.1.3): a password-based MAC over a shared secret named
 * by a reference (the IR of a device that has no certificate yet), or a signature by a key whose
 * certificate travels first in extraCerts (KUR, CR, and every answer of a CA that signs).
 */
public sealed interface CmpProtection {

  /** PBM iterations: openssl's default is 500; RFC 9481 asks for no fewer than 100 ... */
  int PBM_ITERATIONS = 1000;

  /** ... and a verifier refuses more than this, so a request cannot make it hash for minutes. */
  int PBM_MAX_ITERATIONS = 100_000;

  /** Sets the sender key id and extra certificates on {@code b}, then protects the message. */
  ProtectedPKIMessage protect(ProtectedPKIMessageBuilder b) throws CmpException;

  /**
   * PasswordBasedMac with the shared secret; {@code reference} is the senderKID (FortiOS's "User").
   */
  record Mac(String reference, char[] secret) implements CmpProtection {
    public Mac {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public ProtectedPKIMessage protect(ProtectedPKIMessageBuilder b) throws CmpException {
      b.setSenderKID(reference.getBytes(StandardCharsets.UTF_8));
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      PBMParameter params =
          new PBMParameter(
              salt,
              new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256),
              PBM_ITERATIONS,
              new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256));
      try {
        return b.build(macBuilder().setParameters(params).build(secret));
      } catch (CRMFException | CMPException | RuntimeException e) {
        throw new CmpException(CmpFailInfo.SYSTEM_FAILURE, "cannot MAC: " + e.getMessage(), e);
      }
    }

    @Override
    public String toString() {
      return "MAC(ref=" + reference + ")"; // never the secret
    }
  }

  /** A signature by {@code key}; {@code chain} starts with its certificate (extraCerts). */
  record Signature(PrivateKey key, List<X509Certificate> chain) implements CmpProtection {
    public Signature {
      Objects.requireNonNull(key, "key");
      chain = List.copyOf(chain);
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("a signing protection needs its certificate");
      }
    }

    @Override
    public ProtectedPKIMessage protect(ProtectedPKIMessageBuilder b) throws CmpException {
      try {
        X509CertificateHolder signer = new X509CertificateHolder(chain.get(0).getEncoded());
        byte[] ski = subjectKeyId(signer);
        if (ski != null) {
          b.setSenderKID(ski);
        }
        for (X509Certificate c : chain) {
          b.addCMPCertificate(new X509CertificateHolder(c.getEncoded()));
        }
        ContentSigner signerOp =
            new JcaContentSignerBuilder(signatureAlgorithm(key.getAlgorithm())).build(key);
        return b.build(signerOp);
      } catch (GeneralSecurityException
          | java.io.IOException
          | OperatorCreationException
          | CMPException
          | RuntimeException e) {
        throw new CmpException(CmpFailInfo.SYSTEM_FAILURE, "cannot sign: " + e.getMessage(), e);
      }
    }
  }

  /** The PKMAC builder both sides use; it refuses iteration counts beyond the cap. */
  static PKMACBuilder macBuilder() {
    return new PKMACBuilder(new JcePKMACValuesCalculator(), PBM_MAX_ITERATIONS);
  }

  /** SHA-256 with the key's algorithm: RSA or ECDSA. */
  static String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      default -> throw new IllegalArgumentException("unsupported key algorithm " + keyAlgorithm);
    };
  }

  private static byte[] subjectKeyId(X509CertificateHolder c) {
    Extension e = c.getExtension(Extension.subjectKeyIdentifier);
    if (e == null) {
      return null;
    }
    return SubjectKeyIdentifier.getInstance(e.getParsedValue()).getKeyIdentifier();
  }

  /** The senderKID as text when it is printable (a MAC reference), else null. */
  static String reference(ASN1OctetString kid) {
    if (kid == null) {
      return null;
    }
    String s = new String(kid.getOctets(), StandardCharsets.UTF_8);
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20 || s.charAt(i) > 0x7e) {
        return null;
      }
    }
    return s;
  }
}
