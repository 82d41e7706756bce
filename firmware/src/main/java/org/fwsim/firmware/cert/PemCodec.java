package org.fwsim.firmware.cert;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.fwsim.hal.pki.BouncyCastle;

/**
 * The PEM forms a certificate takes in the configuration: {@code set certificate} (the chain, leaf
 * first) and {@code set private-key} (PKCS#8 encrypted with the entry's password, PBES2 with
 * AES-256-CBC and an HMAC-SHA256 PRF, as {@code openssl pkcs8 -topk8 -v2 aes256 -v2prf
 * hmacWithSHA256} writes it).
 */
public final class PemCodec {

  /**
   * Not registered globally: JCA has no AES-CBC PBES2 by itself, BouncyCastle is asked directly.
   */
  private static final Provider BC = BouncyCastle.provider();

  private PemCodec() {}

  /** The chain as concatenated {@code CERTIFICATE} blocks. */
  public static String certificates(List<X509Certificate> chain) {
    StringBuilder out = new StringBuilder(2048 * chain.size());
    try {
      for (X509Certificate c : chain) {
        PemBlock.append(out, "CERTIFICATE", c.getEncoded());
      }
    } catch (CertificateEncodingException e) {
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
          throw new IllegalArgumentException(
              what + ": expected a CERTIFICATE block, found " + o.getClass().getSimpleName());
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
   * {@code key} as an {@code ENCRYPTED PRIVATE KEY} block under {@code password} (see {@link
   * KeySealer}, which a caller writing many keys under one password keeps instead).
   */
  public static String encryptedKey(PrivateKey key, char[] password) {
    return KeySealer.derive(new String(password)).seal(key);
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
        throw new IllegalArgumentException(
            what
                + ": expected an ENCRYPTED PRIVATE KEY block, found "
                + (o == null ? "nothing" : o.getClass().getSimpleName()));
      }
      InputDecryptorProvider dec =
          new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password);
      return new JcaPEMKeyConverter().getPrivateKey(info.decryptPrivateKeyInfo(dec));
    } catch (PKCSException e) {
      throw new IllegalArgumentException(
          what + ": cannot decrypt the private key (wrong password?)", e);
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalArgumentException(what + ": not a PEM private key: " + e.getMessage(), e);
    }
  }
}
