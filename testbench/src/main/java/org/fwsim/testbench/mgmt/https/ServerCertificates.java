package org.fwsim.testbench.mgmt.https;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.fwsim.firmware.admin.SealedKeys;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * The TLS server context per appliance, built from the local certificate its {@code
 * admin-server-cert} names as the store holds it now, and rebuilt when that certificate object
 * changes (a renewal swaps it in the store), so a renewed certificate is served from the next
 * connection on without a restart. {@code self-sign} (the default) is the appliance's factory
 * self-signed certificate, which its configuration keeps ({@link #selfSigned} makes one, its key
 * sealed as FortiOS keeps a local certificate's). Thread-safe.
 */
final class ServerCertificates {
  private record Built(Object source, SslContext context) {}

  private final Map<String, Built> bySerial = new ConcurrentHashMap<>();

  /**
   * The factory self-signed certificate as the configuration keeps it: {@code pem} holds its key
   * (sealed, {@link SealedKeys}) and then the certificate; {@code concealedPassword} the key's
   * password ({@code ENC}). A {@code pem} written before keys were sealed holds the key in clear
   * text and no password.
   */
  record SelfSigned(String pem, String concealedPassword) {}

  /**
   * The context for an appliance presenting {@code cert}, or its self-signed one when null.
   *
   * @param serial the appliance's serial, its cache key
   * @param selfSigned the factory self-signed key and certificate, used when {@code cert} is null
   *     or has no certificate
   */
  SslContext contextFor(String serial, LocalCertificate cert, SelfSigned selfSigned)
      throws SSLException {
    boolean own = cert != null && cert.hasCertificate();
    Object source = own ? cert : selfSigned.pem();
    Built b = bySerial.get(serial);
    if (b == null || b.source() != source) {
      b =
          new Built(
              source, own ? context(cert.privateKey(), cert.chain()) : fromPem(serial, selfSigned));
      bySerial.put(serial, b);
    }
    return b.context();
  }

  private static SslContext context(PrivateKey key, List<X509Certificate> chain)
      throws SSLException {
    return SslContextBuilder.forServer(key, chain.toArray(new X509Certificate[0]))
        .sslProvider(SslProvider.JDK)
        .build();
  }

  private static SslContext fromPem(String serial, SelfSigned selfSigned) throws SSLException {
    try {
      KeyAndCertificate k = read(serial, selfSigned);
      return context(k.key(), List.of(k.certificate()));
    } catch (IllegalArgumentException e) {
      throw new SSLException(e.getMessage(), e);
    }
  }

  private record KeyAndCertificate(PrivateKey key, X509Certificate certificate) {}

  /**
   * The key and certificate of a kept self-signed certificate: the key sealed, or in clear text
   * (PKCS#8 or OpenSSL's traditional form) as configurations written before kept it.
   */
  private static KeyAndCertificate read(String serial, SelfSigned selfSigned) {
    String what = "the self-signed certificate of " + serial;
    PrivateKey key = null;
    X509Certificate cert = null;
    try (PEMParser in = new PEMParser(new StringReader(selfSigned.pem()))) {
      for (Object o = in.readObject(); o != null; o = in.readObject()) {
        if (o instanceof PKCS8EncryptedPrivateKeyInfo) {
          key = SealedKeys.open(selfSigned.pem(), selfSigned.concealedPassword(), what);
        } else if (o instanceof PEMKeyPair kp) {
          key = new JcaPEMKeyConverter().getPrivateKey(kp.getPrivateKeyInfo());
        } else if (o instanceof PrivateKeyInfo info) {
          key = new JcaPEMKeyConverter().getPrivateKey(info);
        } else if (o instanceof X509CertificateHolder h) {
          cert = new JcaX509CertificateConverter().getCertificate(h);
        }
      }
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new IllegalArgumentException(what + " is unreadable", e);
    }
    if (key == null || cert == null) {
      throw new IllegalArgumentException(what + " lacks a key or cert");
    }
    return new KeyAndCertificate(key, cert);
  }

  /**
   * A kept self-signed certificate whose key is in clear text, with its key sealed; one already
   * sealed as it is.
   */
  static SelfSigned sealed(String serial, SelfSigned kept) {
    if (SealedKeys.isSealed(kept.pem())) {
      return kept;
    }
    KeyAndCertificate k = read(serial, kept);
    return keep(k.key(), k.certificate(), serial);
  }

  /** The key sealed, then the certificate, as {@code admin-server-cert-self-sign} keeps them. */
  private static SelfSigned keep(PrivateKey key, Object certificate, String serial) {
    SealedKeys.Sealed sealed = SealedKeys.seal(key);
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(certificate);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the self-signed certificate of " + serial, e);
    }
    return new SelfSigned(sealed.pem() + "\n" + out.toString().strip(), sealed.concealedPassword());
  }

  /**
   * A new factory self-signed certificate for an appliance (EC P-256, CN its serial, ten years),
   * with its key sealed: what {@code admin-server-cert-self-sign} keeps.
   */
  static SelfSigned selfSigned(String serial, Instant now) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      X500Name name =
          new X500Name("C=US,ST=California,L=Sunnyvale,O=Fortinet,OU=FortiGate,CN=" + serial);
      X509CertificateHolder cert =
          new JcaX509v3CertificateBuilder(
                  name,
                  BigInteger.valueOf(Math.abs((long) serial.hashCode()) + 1),
                  Date.from(now.minus(Duration.ofDays(1))),
                  Date.from(now.plus(Duration.ofDays(3650))),
                  name,
                  kp.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      return keep(kp.getPrivate(), cert, serial);
    } catch (java.security.GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the self-signed certificate of " + serial, e);
    }
  }
}
