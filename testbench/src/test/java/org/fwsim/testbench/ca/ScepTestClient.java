package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.scep.message.CaCaps;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.firmware.scep.message.RequestParties;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.firmware.scep.message.ScepException;
import org.fwsim.hal.testing.TestCertificates;

/**
 * A SCEP client for tests: the firmware's codec for messages, java.net.http for transport, so the
 * CA is exercised over real loopback HTTP by code that shares nothing with it but the wire.
 */
final class ScepTestClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  final URI url;
  final PkiRequests codec;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  CaCaps caps;
  CaCertificates ca;

  ScepTestClient(URI url, InstantSource clock) throws Exception {
    this.url = url;
    this.codec = new PkiRequests(clock, new SecureRandom());
    HttpResponse<String> c = get("GetCACaps", HttpResponse.BodyHandlers.ofString());
    this.caps = CaCaps.parse(c.body());
    HttpResponse<byte[]> r = get("GetCACert", HttpResponse.BodyHandlers.ofByteArray());
    this.ca = CaCertificates.parse(r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  static KeyPair rsa() throws NoSuchAlgorithmException {
    return TestCertificates.rsaKeyPair();
  }

  /** A CA on 127.0.0.1 (any port) with the challenge {@code s3cret}, started. */
  static ScepCa startCa(InstantSource clock, MeterRegistry registry, int workers) throws Exception {
    ScepCa ca =
        ScepCa.builder()
            .clock(clock)
            .meterRegistry(registry)
            .challenge("s3cret")
            .workers(workers)
            .build();
    ca.start(new InetSocketAddress("127.0.0.1", 0));
    return ca;
  }

  <T> HttpResponse<T> get(String operation, HttpResponse.BodyHandler<T> h)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "?operation=" + operation))
            .timeout(TIMEOUT)
            .GET()
            .build(),
        h);
  }

  HttpResponse<byte[]> post(byte[] body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "?operation=PKIOperation"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-pki-message")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> getPki(byte[] body) throws IOException, InterruptedException {
    String m =
        URLEncoder.encode(Base64.getEncoder().encodeToString(body), StandardCharsets.US_ASCII);
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "?operation=PKIOperation&message=" + m))
            .timeout(TIMEOUT)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends a request over POST and verifies the CertRep against it. */
  CertRep send(OutboundRequest req, PrivateKey decryptKey) throws Exception {
    HttpResponse<byte[]> r = post(req.der());
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return codec.decodeReply(r.body(), req, decryptKey, ca);
  }

  /** An initial PKCSReq for a key: CSR with the challenge, signed by a self-signed certificate. */
  Enrolment enrol(KeyPair key, String cn, String challenge) throws ScepException {
    X500Name subject = new X500Name("O=fwsim,CN=" + cn);
    PKCS10CertificationRequest csr = ScepCsr.csr(key, subject, challenge);
    X509Certificate self = codec.selfSignedSigner(key, subject);
    return new Enrolment(key, subject, self, codec.pkcsReq(csr, parties(self, key.getPrivate())));
  }

  /**
   * Polls as a newcomer: a fresh key for {@code subject}, self-signed, asks for the certificate of
   * {@code transactionId} (which the CA should not grant).
   */
  CertRep pollAsNewcomer(X500Name issuer, X500Name subject, String transactionId) throws Exception {
    KeyPair key = rsa();
    X509Certificate self = codec.selfSignedSigner(key, subject);
    OutboundRequest poll =
        codec.certPoll(issuer, subject, transactionId, parties(self, key.getPrivate()));
    return send(poll, key.getPrivate());
  }

  /** The CA answered FAILURE with {@code failInfo}. */
  static void assertFailure(FailInfo failInfo, CertRep rep) {
    assertEquals(PkiStatus.FAILURE, rep.status(), rep::failInfoText);
    assertEquals(failInfo, rep.failInfo(), rep::failInfoText);
  }

  /** A request from {@code signer} to the CA as GetCACert and GetCACaps found it. */
  RequestParties parties(X509Certificate signer, PrivateKey signerKey) {
    return new RequestParties(signer, signerKey, ca, caps);
  }

  /** A PKCSReq for {@code key}'s CSR for {@code subject}, signed by {@code signer}'s key. */
  OutboundRequest pkcsReq(
      KeyPair key, X500Name subject, String challenge, X509Certificate signer, PrivateKey signerKey)
      throws ScepException {
    return codec.pkcsReq(ScepCsr.csr(key, subject, challenge), parties(signer, signerKey));
  }

  /** A RenewalReq for {@code key}'s CSR for {@code subject}, signed by {@code signer}'s key. */
  OutboundRequest renewalReq(
      KeyPair key, X500Name subject, String challenge, X509Certificate signer, PrivateKey signerKey)
      throws ScepException {
    return codec.renewalReq(ScepCsr.csr(key, subject, challenge), parties(signer, signerKey));
  }

  /** A request and what is needed to read its reply. */
  record Enrolment(
      KeyPair key, X500Name subject, X509Certificate signer, OutboundRequest request) {}
}
