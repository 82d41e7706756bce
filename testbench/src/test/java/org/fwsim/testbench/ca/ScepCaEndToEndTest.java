package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The CA over real loopback HTTP, driven by the firmware's client codec on a stepped clock. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScepCaEndToEndTest {

  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ScepCa ca;
  private ScepTestClient client;

  @BeforeAll
  void start() throws Exception {
    ca = ScepTestClient.startCa(clock, registry, 2);
    client = new ScepTestClient(ca.url(), clock);
  }

  @AfterAll
  void stop() {
    ca.close();
  }

  @AfterEach
  void reset() {
    ca.approvals().setManual(false);
    ca.approvals().setAutoApproveAfterPolls(0);
    ca.setFaults(CaFaults.NONE);
  }

  @Test
  void pkcsReqWithTheChallengeGetsACertificateFromTheCa() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    ScepTestClient.Enrolment e = client.enrol(key, "fgt-1", "s3cret");

    CertRep rep = client.send(e.request(), key.getPrivate());

    assertEquals(PkiStatus.SUCCESS, rep.status(), () -> "failInfo " + rep.failInfo());
    X509Certificate cert = PkiRequests.issuedFor(rep, key.getPublic());
    cert.verify(ca.material().rootCert().getPublicKey());
    assertEquals(e.subject(), X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()));
    assertEquals(clock.instant(), cert.getNotBefore().toInstant());
    assertEquals(clock.instant().plus(Duration.ofDays(365)), cert.getNotAfter().toInstant());
    boolean[] ku = cert.getKeyUsage();
    assertTrue(ku[0] && ku[2], "digitalSignature and keyEncipherment");
    assertFalse(ku[5], "no keyCertSign for an end entity");
    assertTrue(cert.getSerialNumber().compareTo(CertificateIndex.FIRST_SERIAL) >= 0);
    IssuedCertificate row = ca.certificates().find(cert.getSerialNumber()).orElseThrow();
    assertEquals(e.request().transactionId(), row.transactionId());
    AccessLog.Entry last = lastLogFor(e.request().transactionId());
    assertEquals("PKCSReq", last.messageType());
    assertEquals("SUCCESS", last.result());
    assertTrue(last.source().startsWith("127.0.0.1:"), last.source());
    assertTrue(
        registry
                .get(CaMetrics.REQUESTS)
                .tag("messageType", "PKCSReq")
                .tag("result", "SUCCESS")
                .counter()
                .count()
            >= 1);
  }

  @Test
  void pkcsReqOverGetIsServedToo() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    ScepTestClient.Enrolment e = client.enrol(key, "fgt-get", "s3cret");

    HttpResponse<byte[]> r = client.getPki(e.request().der());

    assertEquals(200, r.statusCode());
    assertEquals("application/x-pki-message", r.headers().firstValue("Content-Type").orElse(""));
    CertRep rep = client.codec.decodeReply(r.body(), e.request(), key.getPrivate(), client.ca);
    assertEquals(PkiStatus.SUCCESS, rep.status());
    assertEquals("GET", lastLogFor(e.request().transactionId()).method());
  }

  @Test
  void anRsa4096PkcsReqOverGetWithAUrlOver4KiBIsServed() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(4096);
    KeyPair key = g.generateKeyPair();
    ScepTestClient.Enrolment e = client.enrol(key, "fgt-rsa4096", "s3cret");
    int urlLength =
        (ca.url() + "?operation=PKIOperation&message=").length()
            + java.net.URLEncoder.encode(
                    java.util.Base64.getEncoder().encodeToString(e.request().der()),
                    StandardCharsets.US_ASCII)
                .length();
    assertTrue(urlLength > 4096, "URL of " + urlLength + " characters");

    HttpResponse<byte[]> r = client.getPki(e.request().der());

    assertEquals(200, r.statusCode());
    CertRep rep = client.codec.decodeReply(r.body(), e.request(), key.getPrivate(), client.ca);
    assertEquals(PkiStatus.SUCCESS, rep.status(), () -> "failInfo " + rep.failInfo());
  }

  @Test
  void wrongOrMissingChallengeIsFailureBadRequest() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    CertRep wrong = client.send(client.enrol(key, "fgt-2", "guess").request(), key.getPrivate());
    CertRep none = client.send(client.enrol(key, "fgt-2", null).request(), key.getPrivate());

    ScepTestClient.assertFailure(FailInfo.BAD_REQUEST, wrong);
    ScepTestClient.assertFailure(FailInfo.BAD_REQUEST, none);
    assertTrue(none.failInfoText().contains("missing"), none.failInfoText());
  }

  @Test
  void oneTimeChallengeWorksOnceOnly() throws Exception {
    String otp = ca.challenges().issueOneTime(1).get(0);
    KeyPair k1 = ScepTestClient.rsa();
    KeyPair k2 = ScepTestClient.rsa();

    CertRep first = client.send(client.enrol(k1, "otp-1", otp).request(), k1.getPrivate());
    CertRep again = client.send(client.enrol(k2, "otp-2", otp).request(), k2.getPrivate());

    assertEquals(PkiStatus.SUCCESS, first.status());
    ScepTestClient.assertFailure(FailInfo.BAD_REQUEST, again);
    assertEquals(0, ca.challenges().oneTimeLeft());
  }

  @Test
  void pendingUntilApprovedThenCertPollGetsTheCertificate() throws Exception {
    ca.approvals().setManual(true);
    KeyPair key = ScepTestClient.rsa();
    ScepTestClient.Enrolment e = client.enrol(key, "fgt-pending", "s3cret");
    String tx = e.request().transactionId();

    assertEquals(PkiStatus.PENDING, client.send(e.request(), key.getPrivate()).status());
    assertEquals(PkiStatus.PENDING, poll(e).status());
    List<ApprovalQueue.PendingRequest> held = ca.approvals().list();
    assertTrue(
        held.stream()
            .anyMatch(
                p ->
                    p.transactionId().equals(tx)
                        && p.state() == ApprovalQueue.State.WAITING
                        && p.polls() == 1),
        held::toString);

    assertTrue(ca.approvals().approve(tx));
    CertRep rep = poll(e);

    assertEquals(PkiStatus.SUCCESS, rep.status());
    PkiRequests.issuedFor(rep, key.getPublic()).verify(ca.material().rootCert().getPublicKey());
    assertTrue(ca.approvals().list().stream().noneMatch(p -> p.transactionId().equals(tx)));
    // A late repeat of the poll gets the same certificate, not a second one.
    assertEquals(rep.certificates().get(0), poll(e).certificates().get(0));
  }

  @Test
  void autoApprovalAfterTwoPolls() throws Exception {
    ca.approvals().setManual(true);
    ca.approvals().setAutoApproveAfterPolls(2);
    KeyPair key = ScepTestClient.rsa();
    ScepTestClient.Enrolment e = client.enrol(key, "fgt-auto", "s3cret");

    assertEquals(PkiStatus.PENDING, client.send(e.request(), key.getPrivate()).status());
    assertEquals(PkiStatus.PENDING, poll(e).status());
    assertEquals(PkiStatus.SUCCESS, poll(e).status());
  }

  @Test
  void certPollForAnUnknownTransactionIsRejected() throws Exception {
    CertRep rep =
        client.pollAsNewcomer(issuerName(), new X500Name("CN=nobody"), "NO-SUCH-TRANSACTION");

    ScepTestClient.assertFailure(FailInfo.BAD_CERT_ID, rep);
  }

  @Test
  void renewalByRenewalReqAndByPkcsReqSignedWithTheIssuedCertificate() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    X509Certificate first = issue(key, "fgt-renew");
    clock.step(Duration.ofDays(300));

    KeyPair k2 = ScepTestClient.rsa();
    OutboundRequest r17 = client.renewalReq(k2, subjectOf(first), null, first, key.getPrivate());
    X509Certificate second = issued(r17, key.getPrivate(), k2);

    // The same key again (private-key-retain), PKCSReq signed by the renewed certificate, no
    // challenge.
    OutboundRequest r19 = client.pkcsReq(k2, subjectOf(second), null, second, k2.getPrivate());
    X509Certificate third = issued(r19, k2.getPrivate(), k2);

    assertNotEquals(first.getSerialNumber(), second.getSerialNumber());
    assertNotEquals(second.getSerialNumber(), third.getSerialNumber());
    assertEquals(clock.instant(), third.getNotBefore().toInstant());
    assertEquals("RenewalReq", lastLogFor(r17.transactionId(), "RenewalReq").messageType());
  }

  @Test
  void renewalReqSignedBySelfSignedOrExpiredCertificateIsRefused() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    X500Name subject = new X500Name("CN=fgt-norenew");
    X509Certificate self = client.codec.selfSignedSigner(key, subject);
    OutboundRequest selfSigned = client.renewalReq(key, subject, "s3cret", self, key.getPrivate());
    assertEquals(FailInfo.BAD_REQUEST, client.send(selfSigned, key.getPrivate()).failInfo());

    X509Certificate issued = issue(key, "fgt-expires");
    clock.step(Duration.ofDays(366));
    KeyPair k2 = ScepTestClient.rsa();
    OutboundRequest late = client.pkcsReq(k2, subjectOf(issued), null, issued, key.getPrivate());
    CertRep rep = client.send(late, key.getPrivate());
    assertEquals(PkiStatus.FAILURE, rep.status());
    assertEquals(FailInfo.BAD_REQUEST, rep.failInfo(), "an expired certificate signs nothing");

    // Not even with the challenge beside it (micromdm and EJBCA refuse an expired signer too) ...
    OutboundRequest withChallenge =
        client.pkcsReq(k2, subjectOf(issued), "s3cret", issued, key.getPrivate());
    CertRep refused = client.send(withChallenge, key.getPrivate());
    assertEquals(FailInfo.BAD_REQUEST, refused.failInfo());
    assertTrue(refused.failInfoText().contains("expired"), refused.failInfoText());
    // ... while a fresh enrollment of the same subject, self-signed with the challenge, is issued.
    OutboundRequest afresh =
        client.pkcsReq(
            k2,
            subjectOf(issued),
            "s3cret",
            client.codec.selfSignedSigner(k2, subjectOf(issued)),
            k2.getPrivate());
    assertEquals(PkiStatus.SUCCESS, client.send(afresh, k2.getPrivate()).status());
  }

  @Test
  void signingTimeFarFromCaTimeIsBadTime() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    SteppedClock skewed = new SteppedClock(clock.instant().minus(Duration.ofDays(2)));
    PkiRequests late = new PkiRequests(skewed, new java.security.SecureRandom());
    X500Name subject = new X500Name("CN=fgt-skewed");
    OutboundRequest req =
        late.pkcsReq(
            ScepCsr.csr(key, subject, "s3cret"),
            client.parties(late.selfSignedSigner(key, subject), key.getPrivate()));

    CertRep rep = client.send(req, key.getPrivate());

    ScepTestClient.assertFailure(FailInfo.BAD_TIME, rep);
  }

  @Test
  void getCertAndGetCrlAfterARevocation() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    X509Certificate cert = issue(key, "fgt-getcert");
    assertTrue(ca.revoke(cert.getSerialNumber()));

    OutboundRequest getCert =
        client.codec.getCert(
            issuerName(), cert.getSerialNumber(), client.parties(cert, key.getPrivate()));
    CertRep got = client.send(getCert, key.getPrivate());
    assertEquals(PkiStatus.SUCCESS, got.status());
    assertEquals(cert, got.certificates().get(0));

    OutboundRequest getCrl =
        client.codec.getCrl(
            issuerName(), cert.getSerialNumber(), client.parties(cert, key.getPrivate()));
    CertRep crl = client.send(getCrl, key.getPrivate());
    assertEquals(PkiStatus.SUCCESS, crl.status());
    assertNotNull(crl.crl().getRevokedCertificate(cert.getSerialNumber()));
    crl.crl().verify(ca.material().rootCert().getPublicKey());

    OutboundRequest missing =
        client.codec.getCert(
            issuerName(), BigInteger.valueOf(7), client.parties(cert, key.getPrivate()));
    assertEquals(FailInfo.BAD_CERT_ID, client.send(missing, key.getPrivate()).failInfo());
  }

  @Test
  void garbageBodyIsHttp400AndTheCaKeepsServing() throws Exception {
    HttpResponse<byte[]> r =
        client.post("definitely not a pkiMessage".getBytes(StandardCharsets.US_ASCII));
    assertEquals(400, r.statusCode());
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).startsWith("not a pkiMessage"));

    KeyPair key = ScepTestClient.rsa();
    assertEquals(
        PkiStatus.SUCCESS,
        client.send(client.enrol(key, "fgt-after", "s3cret").request(), key.getPrivate()).status());
  }

  @Test
  void tamperedSignatureIsBadMessageCheck() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    KeyPair other = ScepTestClient.rsa();
    X500Name subject = new X500Name("CN=fgt-tampered");
    // Signed with a key that does not belong to the embedded signer certificate.
    OutboundRequest req =
        client.pkcsReq(
            key,
            subject,
            "s3cret",
            client.codec.selfSignedSigner(key, subject),
            other.getPrivate());

    CertRep rep = client.send(req, key.getPrivate());

    ScepTestClient.assertFailure(FailInfo.BAD_MESSAGE_CHECK, rep);
  }

  @Test
  void injectedFaultsApplyToTheNextRequest() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    ca.setFaults(CaFaults.NONE.withBadRequestFraction(1));
    CertRep bad = client.send(client.enrol(key, "fgt-fault", "s3cret").request(), key.getPrivate());
    assertEquals(FailInfo.BAD_REQUEST, bad.failInfo());

    ca.setFaults(CaFaults.NONE.withPendingFraction(1));
    assertEquals(
        PkiStatus.PENDING,
        client.send(client.enrol(key, "fgt-fault", "s3cret").request(), key.getPrivate()).status());

    ca.setFaults(CaFaults.NONE.withHttp500Fraction(1));
    assertEquals(500, client.get("GetCACaps", HttpResponse.BodyHandlers.ofString()).statusCode());

    ca.setFaults(CaFaults.NONE.withGarbageFraction(1));
    HttpResponse<byte[]> g = client.post(client.enrol(key, "fgt-fault", "s3cret").request().der());
    assertEquals(200, g.statusCode());
    assertEquals(CaHttpHandler.GARBAGE_BYTES, g.body().length);

    ca.setFaults(CaFaults.NONE);
    assertEquals(200, client.get("GetCACaps", HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void accessLogNamesTheSourceAddressAndPort() throws Exception {
    // A raw socket bound to another loopback address, as an appliance interface would be.
    try (java.net.Socket s = new java.net.Socket()) {
      s.bind(new InetSocketAddress("127.0.0.7", 0));
      s.connect(ca.address(), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              "GET /app/cert/scep/?operation=GetCACaps HTTP/1.1\r\nHost: ca\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
      String expected = "127.0.0.7:" + s.getLocalPort();
      assertTrue(
          ca.accessLog().entries().stream()
              .anyMatch(
                  e ->
                      e.source().equals(expected)
                          && e.operation().equals("GetCACaps")
                          && e.result().equals("OK")),
          () -> ca.accessLog().entries().toString());
    }
  }

  private X509Certificate issue(KeyPair key, String cn) throws Exception {
    return issued(client.enrol(key, cn, "s3cret").request(), key.getPrivate(), key);
  }

  /** Sends {@code request} signed with {@code signer}; asserts success; the certificate of key. */
  private X509Certificate issued(OutboundRequest request, PrivateKey signer, KeyPair key)
      throws Exception {
    CertRep rep = client.send(request, signer);
    assertEquals(PkiStatus.SUCCESS, rep.status(), () -> "" + rep.failInfoText());
    return PkiRequests.issuedFor(rep, key.getPublic());
  }

  private CertRep poll(ScepTestClient.Enrolment e) throws Exception {
    OutboundRequest p =
        client.codec.certPoll(
            issuerName(),
            e.subject(),
            e.request().transactionId(),
            client.parties(e.signer(), e.key().getPrivate()));
    return client.send(p, e.key().getPrivate());
  }

  private X500Name issuerName() {
    return X500Name.getInstance(ca.material().issuerCert().getSubjectX500Principal().getEncoded());
  }

  private static X500Name subjectOf(X509Certificate c) {
    return X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
  }

  private AccessLog.Entry lastLogFor(String tx) {
    return lastLogFor(tx, null);
  }

  private AccessLog.Entry lastLogFor(String tx, String type) {
    List<AccessLog.Entry> all = ca.accessLog().entries();
    for (int i = all.size() - 1; i >= 0; i--) {
      AccessLog.Entry e = all.get(i);
      if (tx.equals(e.transactionId()) && (type == null || type.equals(e.messageType()))) {
        return e;
      }
    }
    throw new AssertionError("no access log entry for " + tx + " in " + all);
  }

  @SuppressWarnings("unused")
  private static void assertSameBytes(byte[] a, byte[] b) {
    assertArrayEquals(a, b);
  }
}
