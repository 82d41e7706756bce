package org.fwsim.testbench.bench;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.fwsim.firmware.acme.AccountKey;

/**
 * The crypto of one ACME renewal ({@code --protocol acme}), owned by one thread: one TLS 1.3
 * handshake (RFC 8555 §6.1 asks for HTTPS; the embedded server's P-256 certificate from the
 * RSA-2048 CA, no client certificate); the {@value #SIGNED_REQUESTS} JWS a renewal under a known
 * account cannot do without (newOrder, the authorization, the challenge, finalize, the
 * certificate), each signed ES256 with the account key and verified by the server; the key
 * authorization's RFC 7638 thumbprint on both sides (the HTTP-01 fetch itself is plain HTTP); the
 * CSR signed with the new key and verified by the CA; the certificate signed by the CA and verified
 * by the appliance. A client that opens a connection per request, or polls, does more than this:
 * that is what the storm's efficiency shows.
 */
final class AcmeRenewalOps extends SidedRenewalWork {

  /** Signed requests of the shortest renewal under a known account (RFC 8555 §7.4). */
  static final int SIGNED_REQUESTS = 5;

  private static final int REQUEST_BYTES = 700;
  private static final int ANSWER_BYTES = 2_400;

  private final SSLContext client;
  private final SSLContext server;
  private final AccountKey account;
  private final AccountKey serverView;
  private final byte[] jwsInput = new byte[420];
  private final IssuanceSignatures issuance;
  private final ByteBuffer request = ByteBuffer.allocate(REQUEST_BYTES);
  private final ByteBuffer answer = ByteBuffer.allocate(ANSWER_BYTES);

  AcmeRenewalOps(BoundKeys keys, SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    try {
      Instant now = Instant.now();
      X509Certificate caCert =
          EstRenewalOps.certificate("CN=bound ACME CA", keys.ca(), keys.ca(), null, now);
      KeyPair serverKey = ec.generateKeyPair();
      X509Certificate serverCert =
          EstRenewalOps.certificate("CN=127.0.0.1", serverKey, keys.ca(), caCert, now);
      this.server =
          EstRenewalOps.context(
              serverKey.getPrivate(),
              serverCert,
              caCert,
              InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0],
              random);
      // The appliance presents no certificate: its own key stands in the context unasked.
      this.client = EstRenewalOps.context(serverKey.getPrivate(), serverCert, caCert, null, random);
    } catch (Exception e) {
      throw new GeneralSecurityException("cannot set up the ACME bound: " + e.getMessage(), e);
    }
    // The account key as FortiOS's client makes it (EC P-256), and as the server reads its JWK.
    this.account = new AccountKey(ec.generateKeyPair());
    this.serverView = AccountKey.fromJwk(account.jwk());
    this.issuance = new IssuanceSignatures(keys, random);
    random.nextBytes(jwsInput);
  }

  @Override
  public long renewOnce() throws Exception {
    long start = System.nanoTime();
    SSLEngine c = client.createSSLEngine(); // no peer host: no session to resume
    c.setUseClientMode(true);
    SSLEngine s = server.createSSLEngine();
    s.setUseClientMode(false);
    long[] appliance = {0};
    long out = EstRenewalOps.Tls.handshakeAndExchange(c, s, request, answer, appliance);

    for (int i = 0; i < SIGNED_REQUESTS; i++) {
      jwsInput[0] = (byte) i;
      long t = System.nanoTime();
      byte[] jws = account.sign(jwsInput);
      appliance[0] += System.nanoTime() - t;
      if (!serverView.verify(jwsInput, jws)) {
        throw new IllegalStateException("JWS signature does not verify");
      }
      out += jws[0];
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] jwk = account.jwk().toString().getBytes(StandardCharsets.UTF_8);
    long t = System.nanoTime();
    out += sha.digest(jwk)[0]; // the thumbprint on the appliance's side, then the server's
    appliance[0] += System.nanoTime() - t;
    out += sha.digest(jwk)[1];

    out += issuance.signAndVerify();
    counted(appliance[0] + issuance.applianceNanos(), System.nanoTime() - start);
    return out;
  }
}
