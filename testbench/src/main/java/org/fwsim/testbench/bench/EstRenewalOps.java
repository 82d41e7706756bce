package org.fwsim.testbench.bench;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The crypto of one EST renewal ({@code --protocol est}), owned by one thread: a full TLS 1.3
 * handshake between an in-memory client and server engine (the JDK's, as the appliance's Netty
 * client and the embedded EST server use), the server with a P-256 certificate from the RSA-2048 CA
 * (as {@code EstTlsIdentity}), the client presenting its current certificate (RSA-PSS or ECDSA
 * CertificateVerify) and verifying the server's chain; the ~1 KB request and ~1.5 KB answer through
 * the record layer; then the appliance signs the CSR with its new key, the CA verifies it and signs
 * the certificate, and the appliance verifies it. No session is resumed: each renewal opens its own
 * connection, as the client does. HTTP, base64 and PKCS#7 parsing are not counted; nor is the TCP
 * connection. The handshake's two sides run on one thread, so {@link #applianceShare} is unknown.
 */
final class EstRenewalOps extends SidedRenewalWork {

  private static final int REQUEST_BYTES = 1_100;
  private static final int ANSWER_BYTES = 1_500;

  private final SSLContext client;
  private final SSLContext server;
  private final IssuanceSignatures issuance;
  private final ByteBuffer request = ByteBuffer.allocate(REQUEST_BYTES);
  private final ByteBuffer answer = ByteBuffer.allocate(ANSWER_BYTES);

  EstRenewalOps(BoundKeys keys, SecureRandom random) throws GeneralSecurityException {
    try {
      Instant now = Instant.now();
      X509Certificate caCert = certificate("CN=bound EST CA", keys.ca(), keys.ca(), null, now);
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair serverKey = ec.generateKeyPair();
      X509Certificate serverCert = certificate("CN=127.0.0.1", serverKey, keys.ca(), caCert, now);
      X509Certificate clientCert =
          certificate("CN=bound appliance", keys.current(), keys.ca(), caCert, now);
      // As the embedded EST server: any client certificate through the handshake (EstServer).
      this.server =
          context(
              serverKey.getPrivate(),
              serverCert,
              caCert,
              InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0],
              random);
      this.client = context(keys.current().getPrivate(), clientCert, caCert, null, random);
    } catch (Exception e) {
      throw new GeneralSecurityException("cannot set up the EST bound: " + e.getMessage(), e);
    }
    this.issuance = new IssuanceSignatures(keys, random);
  }

  @Override
  public long renewOnce() throws Exception {
    SSLEngine c = client.createSSLEngine(); // no peer host: no session to resume, as per connection
    c.setUseClientMode(true);
    SSLEngine s = server.createSSLEngine();
    s.setUseClientMode(false);
    s.setWantClientAuth(true);
    long start = System.nanoTime();
    long[] client = {0};
    long out = Tls.handshakeAndExchange(c, s, request, answer, client);
    out += issuance.signAndVerify();
    counted(client[0] + issuance.applianceNanos(), System.nanoTime() - start);
    return out;
  }

  /**
   * A TLS 1.3 context with {@code key} and its certificate; it trusts {@code trust}, or with null
   * the CA certificate.
   */
  static SSLContext context(
      PrivateKey key,
      X509Certificate cert,
      X509Certificate caCert,
      TrustManager trust,
      SecureRandom random)
      throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "bound".toCharArray();
    ks.setKeyEntry("me", key, pw, new X509Certificate[] {cert, caCert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    TrustManager[] tms;
    if (trust != null) {
      tms = new TrustManager[] {trust};
    } else {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry("ca", caCert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(anchors);
      tms = tmf.getTrustManagers();
    }
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(kmf.getKeyManagers(), tms, random);
    return ctx;
  }

  /** A certificate for {@code subject}, self-signed when {@code issuer} is null (a CA then). */
  static X509Certificate certificate(
      String subject, KeyPair subjectKey, KeyPair issuerKey, X509Certificate issuer, Instant now)
      throws Exception {
    X500Name name = new X500Name(subject);
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer == null
                ? name
                : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            name,
            subjectKey.getPublic());
    if (issuer == null) {
      b.addExtension(
          org.bouncycastle.asn1.x509.Extension.basicConstraints,
          true,
          new org.bouncycastle.asn1.x509.BasicConstraints(true));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
  }

  /** Two engines talking through buffers on one thread. */
  static final class Tls {
    private Tls() {}

    /**
     * Runs the handshake, then {@code request} one way and {@code answer} back; bytes moved. The
     * client's turns (and the request it sends) add their time to {@code clientNanos[0]}, so that a
     * bound can tell the appliance's share of the handshake from the server's.
     */
    static long handshakeAndExchange(
        SSLEngine c, SSLEngine s, ByteBuffer request, ByteBuffer answer, long[] clientNanos)
        throws SSLException {
      int size =
          Math.max(c.getSession().getPacketBufferSize(), s.getSession().getPacketBufferSize());
      int app = Math.max(c.getSession().getApplicationBufferSize(), ANSWER_BYTES) + 64;
      ByteBuffer cToS = ByteBuffer.allocate(size);
      ByteBuffer sToC = ByteBuffer.allocate(size);
      ByteBuffer cIn = ByteBuffer.allocate(app);
      ByteBuffer sIn = ByteBuffer.allocate(app);
      ByteBuffer empty = ByteBuffer.allocate(0);
      c.beginHandshake();
      s.beginHandshake();
      for (int round = 0; round < 64 && !(done(c) && done(s)); round++) {
        long t = System.nanoTime();
        step(c, empty, cToS, sToC, cIn);
        clientNanos[0] += System.nanoTime() - t;
        step(s, empty, sToC, cToS, sIn);
      }
      if (!(done(c) && done(s))) {
        throw new SSLException("EST bound: the handshake did not finish");
      }
      // What is still on the wire (the client's Finished, the server's session ticket) is read
      // before any data, as a socket would deliver it.
      for (int round = 0; round < 8 && (cToS.position() > 0 || sToC.position() > 0); round++) {
        step(s, empty, sToC, cToS, sIn);
        long t = System.nanoTime();
        step(c, empty, cToS, sToC, cIn);
        clientNanos[0] += System.nanoTime() - t;
      }
      request.clear();
      answer.clear();
      long moved = 0;
      long t = System.nanoTime();
      moved += transfer(c, s, request, cToS, sIn); // symmetric record crypto: one way each
      clientNanos[0] += System.nanoTime() - t;
      moved += transfer(s, c, answer, sToC, cIn);
      return moved;
    }

    private static boolean done(SSLEngine e) {
      HandshakeStatus h = e.getHandshakeStatus();
      return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }

    /** One turn of {@code e}: read what the peer sent, then send what it has. */
    private static void step(
        SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer appIn)
        throws SSLException {
      in.flip();
      while (in.hasRemaining()) {
        appIn.clear();
        SSLEngineResult r = e.unwrap(in, appIn);
        runTasks(e);
        if (r.bytesConsumed() == 0) {
          break; // a partial record: the rest comes with the peer's next turn
        }
      }
      in.compact();
      for (int i = 0; i < 8; i++) {
        HandshakeStatus h = e.getHandshakeStatus();
        if (h == HandshakeStatus.NEED_UNWRAP_AGAIN) {
          appIn.clear();
          e.unwrap(empty, appIn);
        } else if (h == HandshakeStatus.NEED_WRAP) {
          if (e.wrap(empty, out).bytesProduced() == 0) {
            break;
          }
        } else {
          break;
        }
        runTasks(e);
      }
    }

    private static void runTasks(SSLEngine e) {
      Runnable task;
      while ((task = e.getDelegatedTask()) != null) {
        task.run();
      }
    }

    /**
     * {@code data} wrapped by {@code from} (after any handshake message it still owes, such as a
     * session ticket) and unwrapped by {@code to}; the application bytes delivered.
     */
    private static long transfer(
        SSLEngine from, SSLEngine to, ByteBuffer data, ByteBuffer wire, ByteBuffer appIn)
        throws SSLException {
      for (int i = 0; i < 8 && data.hasRemaining(); i++) {
        from.wrap(data, wire);
        runTasks(from);
      }
      wire.flip();
      long n = 0;
      for (int i = 0; i < 64 && wire.hasRemaining(); i++) {
        appIn.clear();
        SSLEngineResult r = to.unwrap(wire, appIn);
        runTasks(to);
        n += r.bytesProduced();
        if (r.bytesConsumed() == 0) {
          break;
        }
      }
      wire.compact();
      if (data.hasRemaining() || n != data.limit()) {
        throw new SSLException("EST bound: " + n + " of " + data.limit() + " bytes delivered");
      }
      return n;
    }
  }
}
