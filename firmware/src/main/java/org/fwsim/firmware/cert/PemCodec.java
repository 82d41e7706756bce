package org.fwsim.firmware.cert;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The PEM forms a certificate takes in the configuration: {@code set certificate} (the chain,
 * leaf first) and {@code set private-key} (PKCS#8 encrypted with the entry's password, PBES2 with
 * AES-256-CBC and an HMAC-SHA256 PRF, as {@code openssl pkcs8 -topk8 -v2 aes256 -v2prf hmacWithSHA256}
 * writes it).
 */
public final class PemCodec {

    /**
     * PBKDF2 rounds: BouncyCastle's default (2048). A fleet enrolls 10,000 appliances, so this is
     * kept at the library's default rather than raised.
     */
    private static final int ITERATIONS = 2048;

    /** Not registered globally: JCA has no AES-CBC PBES2 by itself, BouncyCastle is asked directly. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** The JDK's name for PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC. */
    private static final String PBES2_JDK = "PBEWithHmacSHA256AndAES_256";

    private static final SecureRandom RANDOM = new SecureRandom();

    private PemCodec() {}

    /** The chain as concatenated {@code CERTIFICATE} blocks. */
    public static String certificates(List<X509Certificate> chain) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (X509Certificate c : chain) {
                w.writeObject(c);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a certificate as PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * Every {@code CERTIFICATE} block of {@code pem}, in order.
     *
     * @throws IllegalArgumentException naming what is wrong (no certificate, not PEM, bad DER)
     */
    public static List<X509Certificate> parseCertificates(String pem, String what) {
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            Object o;
            while ((o = p.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder h)) {
                    throw new IllegalArgumentException(what + ": expected a CERTIFICATE block, found "
                            + o.getClass().getSimpleName());
                }
                chain.add(conv.getCertificate(h));
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(what + ": not a PEM certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(what + ": no certificate in the PEM text");
        }
        return chain;
    }

    /**
     * {@code key} as an {@code ENCRYPTED PRIVATE KEY} block under {@code password}: PBES2 with
     * PBKDF2-HMAC-SHA256 and AES-256-CBC.
     *
     * <p>The JDK's cipher does the work because its SHA-256 uses the CPU's SHA instructions:
     * BouncyCastle's pure-Java PBKDF2 took a third of the CPU of a renewal storm (profiled with
     * JFR), the JDK about a seventh of that. The JDK also encodes the PBES2 parameters; BouncyCastle
     * wraps them into the PKCS#8 structure (JDK 17's {@code EncryptedPrivateKeyInfo} cannot name
     * PBES2) and writes the PEM. OpenSSL and {@link #decryptKey} read the result.
     */
    public static String encryptedKey(PrivateKey key, char[] password) {
        try {
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            RANDOM.nextBytes(salt);
            RANDOM.nextBytes(iv);
            SecretKey pbeKey = SecretKeyFactory.getInstance(PBES2_JDK).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(PBES2_JDK);
            cipher.init(Cipher.ENCRYPT_MODE, pbeKey, new PBEParameterSpec(salt, ITERATIONS, new IvParameterSpec(iv)));
            byte[] sealed = cipher.doFinal(key.getEncoded());
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2,
                            PBES2Parameters.getInstance(cipher.getParameters().getEncoded())),
                    sealed);
            StringWriter out = new StringWriter();
            try (PemWriter w = new PemWriter(out)) {
                w.writeObject(new PemObject("ENCRYPTED PRIVATE KEY", info.getEncoded()));
            }
            return out.toString();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot encrypt the private key: " + e.getMessage(), e);
        }
    }

    /**
     * The key of an {@code ENCRYPTED PRIVATE KEY} block.
     *
     * @throws IllegalArgumentException for a wrong password or text that is not such a block
     */
    public static PrivateKey decryptKey(String pem, char[] password, String what) {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            if (!(o instanceof PKCS8EncryptedPrivateKeyInfo info)) {
                throw new IllegalArgumentException(what + ": expected an ENCRYPTED PRIVATE KEY block, found "
                        + (o == null ? "nothing" : o.getClass().getSimpleName()));
            }
            InputDecryptorProvider dec = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password);
            return new JcaPEMKeyConverter().getPrivateKey(info.decryptPrivateKeyInfo(dec));
        } catch (PKCSException e) {
            throw new IllegalArgumentException(what + ": cannot decrypt the private key (wrong password?)", e);
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalArgumentException(what + ": not a PEM private key: " + e.getMessage(), e);
        }
    }
}
