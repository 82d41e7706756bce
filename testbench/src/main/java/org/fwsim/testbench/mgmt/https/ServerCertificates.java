package org.fwsim.testbench.mgmt.https;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
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
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * The TLS server context per appliance, built from the local certificate its {@code
 * admin-server-cert} names as the store holds it now, and rebuilt when that certificate object
 * changes (a renewal swaps it in the store), so a renewed certificate is served from the next
 * connection on without a restart. {@code self-sign} (the default) is a self-signed certificate per
 * appliance, made on first use. Thread-safe.
 */
final class ServerCertificates {
  private record Built(Object source, SslContext context) {}

  private final Map<String, Built> bySerial = new ConcurrentHashMap<>();
  private final Map<String, Built> selfSigned = new ConcurrentHashMap<>();

  /**
   * The context for an appliance presenting {@code cert}, or its self-signed one when null.
   *
   * @param serial the appliance's serial, its cache key and the self-signed certificate's CN
   */
  SslContext contextFor(String serial, LocalCertificate cert, Instant now) throws SSLException {
    if (cert == null || !cert.hasCertificate()) {
      Built b = selfSigned.get(serial);
      if (b == null) {
        b = new Built(null, selfSignedContext(serial, now));
        selfSigned.put(serial, b);
      }
      return b.context();
    }
    Built b = bySerial.get(serial);
    if (b == null || b.source() != cert) {
      b = new Built(cert, context(cert.privateKey(), cert.chain()));
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

  private static SslContext selfSignedContext(String serial, Instant now) throws SSLException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      X500Name name =
          new X500Name("C=US,ST=California,L=Sunnyvale,O=Fortinet,OU=FortiGate,CN=" + serial);
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          BigInteger.valueOf(Math.abs((long) serial.hashCode()) + 1),
                          Date.from(now.minus(Duration.ofDays(1))),
                          Date.from(now.plus(Duration.ofDays(3650))),
                          name,
                          kp.getPublic())
                      .build(
                          new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      return context(kp.getPrivate(), List.of(cert));
    } catch (java.security.GeneralSecurityException | OperatorCreationException e) {
      throw new SSLException("cannot make the self-signed certificate of " + serial, e);
    }
  }
}
