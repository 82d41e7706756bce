package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.fwsim.firmware.log.LogId;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.MessageType;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.hal.pki.CaCertificate;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/**
 * The client transaction against a loopback CA: enrollment, polling, renewal, refusal, chain trust,
 * traces.
 */
class ScepTransactionTest extends LoopbackScepTest {

  ScepEnrollment enrollment(String name) {
    return TestScepEnrollment.of(name, ca.url(), "secret", ScepClientFixture.SUBJECT).build();
  }

  private static final ScepPolicy RFC8894 = ScepPolicy.DEFAULTS.withFlow(ScepFlow.RFC8894);

  @Test
  void firstEnrollmentInstallsTheCertificateAndImportsTheCa() throws Exception {
    setUp(RFC8894);
    ScepOutcome outcome = appliance.run(false, enrollment("IPSECVPNTest"));

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    assertEquals(MessageType.PKCS_REQ, outcome.messageType());
    LocalCertificate installed =
        appliance.vdomStore.snapshot().findLocal("IPSECVPNTest").orElseThrow();
    assertSame(installed, outcome.installed());
    assertEquals(CertState.OK, installed.state());
    assertEquals(
        caCert.getSubjectX500Principal(), installed.certificate().getIssuerX500Principal());
    assertEquals(
        PkiRequests.transactionId(installed.certificate().getPublicKey()), outcome.transactionId());
    CaCertificate imported = appliance.vdomStore.snapshot().findCa("CA_Cert_1").orElseThrow();
    assertEquals(caCert, imported.certificate());
    assertTrue(imported.trusted());
    InboundRequest sent = ca.pkiRequests().get(0);
    assertEquals("secret", sent.challengePassword());
    assertTrue(sent.signerIsSelfSigned(), "a first request is signed by a self-signed certificate");
    assertTrue(
        ca.seen.stream()
            .allMatch(s -> s.op() != TestScepResponder.Op.PKI || s.method().equals("POST")),
        "the CA offers POSTPKIOperation, so PKIOperation goes by POST");
    assertEquals(List.of(LogId.VPN_CERT_UPDATE, LogId.AUTO_GEN_CERT_SUCC), appliance.logIds());
    assertFalse(appliance.client.inProgress("IPSECVPNTest", false));
  }

  @Test
  void pendingThenPollReproducesTheKb262267ScepTrace() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    ca.pki = TestScepResponder.pendingThenIssue(0);
    appliance.debug.application(org.fwsim.firmware.debug.DebugApplication.SCEP, -1);
    appliance.debug.enable();
    long start = appliance.clock.millis();

    ScepOutcome outcome = appliance.run(false, enrollment("IPSECVPNTest"));

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    assertEquals(1, outcome.polls());
    assertEquals(
        Duration.ofMinutes(5).toMillis(),
        appliance.clock.millis() - start,
        "one poll interval of virtual time passed");
    GoldenTrace.load("enroll-pending-scep.trace").assertExactly(appliance.sink.lines());
    assertEquals(MessageType.CERT_POLL, ca.pkiRequests().get(1).header().type());
    assertEquals(outcome.transactionId(), ca.pkiRequests().get(1).header().transactionId());
  }

  @Test
  void pendingShowsInTheCertificateStateAndTheLog() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    ca.pki = TestScepResponder.pendingThenIssue(2);
    CompletableFuture<ScepOutcome> f = appliance.client.submitEnroll(enrollment("vpn1"));
    appliance.driveUntil(() -> appliance.scheduler.pendingTimers() > 0);

    LocalCertificate pending = appliance.vdomStore.snapshot().findLocal("vpn1").orElseThrow();
    assertTrue(pending.state().isPending());
    assertNotNull(pending.state().transactionId());
    assertFalse(pending.hasCertificate());
    assertEquals(List.of(LogId.AUTO_GEN_CERT_PENDING), appliance.logIds());

    ScepOutcome outcome = appliance.drive(f);
    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    assertEquals(3, outcome.polls());
    assertEquals(pending.state().transactionId(), outcome.transactionId());
  }

  @Test
  void pollingStopsAtTheMaximum() throws Exception {
    setUp(new ScepPolicy(Duration.ofMinutes(1), 2, Duration.ofSeconds(5)));
    ca.pki = (req, responder) -> responder.codec.pending(req);
    ScepOutcome outcome = appliance.run(false, enrollment("vpn1"));

    assertEquals(ScepOutcome.Status.FAILED, outcome.status());
    assertEquals(2, outcome.polls());
    assertTrue(outcome.reason().contains("still PENDING after 2 polls"), outcome.reason());
    assertEquals(FailureKind.PENDING, outcome.failure());
    assertEquals(
        CertState.FAILED, appliance.vdomStore.snapshot().findLocal("vpn1").orElseThrow().state());
    assertTrue(
        appliance
            .logIds()
            .containsAll(List.of(LogId.AUTO_GEN_CERT_FAIL, LogId.VPN_CERT_UPDATE_FAILED)));
  }

  @Test
  void theFortiOsFlowAsksNoCapsSendsGetAndRenewsWithAPkcsReqSignedByTheCurrentCertificate()
      throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    ca.caps = "POSTPKIOperation\nSHA-256\nAES\nRenewal";
    LocalCertificate current = appliance.installCurrent("vpn1", ca);

    ScepOutcome outcome = appliance.run(true, enrollment("vpn1"));

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    assertEquals(MessageType.PKCS_REQ, outcome.messageType(), "KB-420924: send PKCSREQ request");
    InboundRequest sent = ca.pkiRequests().get(0);
    assertEquals(MessageType.PKCS_REQ, sent.header().type());
    assertEquals(current.certificate(), sent.header().signer());
    assertTrue(
        ca.seen.stream().noneMatch(s -> s.op() == TestScepResponder.Op.CAPS),
        "no GetCACaps: " + ca.seen);
    assertTrue(
        ca.seen.stream()
            .allMatch(s -> s.op() != TestScepResponder.Op.PKI || s.method().equals("GET")),
        "PKIOperation by GET (base64), whatever the CA offers: " + ca.seen);
  }

  @Test
  void aCertificateThatExpiredBeforeItsRenewalEnrollsAfreshWithASelfSignedSigner()
      throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    KeyPair oldKey = ScepClientFixture.KEYS.take(org.fwsim.hal.pki.KeyType.RSA_2048);
    X509Certificate expired =
        TestCertificates.builder()
            .csr(ScepCsr.csr(oldKey, ScepClientFixture.SUBJECT, null))
            .issuedBy(ca.caCert, ca.key())
            .expired()
            .build()
            .certificate();
    LocalCertificate current =
        LocalCertificate.of(
            "vpn1",
            List.of(expired),
            oldKey.getPrivate(),
            org.fwsim.hal.pki.CertSource.USER,
            appliance.clock.instant());
    appliance.vdomStore.putLocal(current);

    ScepOutcome outcome = appliance.run(true, enrollment("vpn1"));

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    assertTrue(outcome.renewal());
    InboundRequest sent = ca.pkiRequests().get(0);
    assertEquals(MessageType.PKCS_REQ, sent.header().type());
    assertTrue(sent.signerIsSelfSigned(), "an expired certificate signs nothing");
    assertEquals("secret", sent.challengePassword(), "scep-password authorises it");
    LocalCertificate renewed = appliance.vdomStore.snapshot().findLocal("vpn1").orElseThrow();
    assertEquals(
        current.certificate().getSubjectX500Principal(),
        renewed.certificate().getSubjectX500Principal());
    assertTrue(renewed.certificate().getNotAfter().after(current.certificate().getNotAfter()));
  }

  @Test
  void renewalUsesRenewalReqWhenOfferedWithANewKeySignedByTheCurrentCertificate() throws Exception {
    setUp(RFC8894);
    ca.caps = "POSTPKIOperation\nSHA-256\nAES\nRenewal";
    LocalCertificate current = appliance.installCurrent("vpn1", ca);

    ScepOutcome outcome = appliance.run(true, enrollment("vpn1"));

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    assertEquals(MessageType.RENEWAL_REQ, outcome.messageType());
    InboundRequest sent = ca.pkiRequests().get(0);
    assertEquals(MessageType.RENEWAL_REQ, sent.header().type());
    assertEquals(current.certificate(), sent.header().signer());
    LocalCertificate renewed = appliance.vdomStore.snapshot().findLocal("vpn1").orElseThrow();
    assertNotEquals(
        current.certificate().getPublicKey(), renewed.certificate().getPublicKey(), "new key");
    assertNotEquals(current.privateKey(), renewed.privateKey());
  }

  @Test
  void aRenewalRefusedAfterPendingKeepsCertificateAndKeyAndClearsThePendingState()
      throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    LocalCertificate current = appliance.installCurrent("vpn1", ca);
    ca.pki =
        (req, r) ->
            req.header().type() == MessageType.CERT_POLL
                ? r.codec.failure(req.header(), FailInfo.BAD_CERT_ID, null)
                : r.codec.pending(req);
    CompletableFuture<ScepOutcome> f = appliance.client.submitRenew(enrollment("vpn1"));
    appliance.driveUntil(() -> appliance.scheduler.pendingTimers() > 0);
    LocalCertificate pending = appliance.vdomStore.snapshot().findLocal("vpn1").orElseThrow();
    assertTrue(pending.state().isPending(), "the renewal shows as pending");
    assertSame(
        current.certificate(),
        pending.certificate(),
        "while pending, the current certificate stays in use");

    ScepOutcome outcome = appliance.drive(f);

    assertEquals(ScepOutcome.Status.FAILED, outcome.status());
    assertEquals(FailInfo.BAD_CERT_ID, outcome.failInfo());
    assertEquals(FailureKind.CA_BAD_CERT_ID, outcome.failure());
    LocalCertificate after = appliance.vdomStore.snapshot().findLocal("vpn1").orElseThrow();
    assertEquals(CertState.OK, after.state());
    assertSame(current.certificate(), after.certificate());
    assertSame(current.privateKey(), after.privateKey());
    assertEquals(
        List.of(
            LogId.VPN_CERT_UPDATE_FAILED, LogId.AUTO_GEN_CERT_FAIL, LogId.AUTO_GEN_CERT_PENDING),
        appliance.logIds());
  }

  @Test
  void renewalWithoutRenewalCapabilityIsPkcsReqSignedByTheCurrentCertificate() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    LocalCertificate current = appliance.installCurrent("vpn1", ca);

    ScepOutcome outcome = appliance.run(true, enrollment("vpn1"));

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    InboundRequest sent = ca.pkiRequests().get(0);
    assertEquals(MessageType.PKCS_REQ, sent.header().type());
    assertEquals(current.certificate(), sent.header().signer());
    assertFalse(sent.signerIsSelfSigned());
  }

  @Test
  void privateKeyRetainKeepsTheKey() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    LocalCertificate current = appliance.installCurrent("vpn1", ca);

    ScepOutcome outcome =
        appliance.run(
            true,
            TestScepEnrollment.of("vpn1", ca.url(), "secret", ScepClientFixture.SUBJECT)
                .privateKeyRetain()
                .build());

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    LocalCertificate renewed = appliance.vdomStore.snapshot().findLocal("vpn1").orElseThrow();
    assertSame(current.privateKey(), renewed.privateKey());
    assertArrayEquals(
        current.certificate().getPublicKey().getEncoded(),
        renewed.certificate().getPublicKey().getEncoded());
    assertNotEquals(
        current.certificate().getSerialNumber(), renewed.certificate().getSerialNumber());
  }

  @Test
  void getIsUsedWhenTheCaDoesNotOfferPost() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    ca.caps = "SHA-256\nAES";
    ScepOutcome outcome = appliance.run(false, enrollment("vpn1"));

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    assertTrue(
        ca.seen.stream()
            .filter(s -> s.op() == TestScepResponder.Op.PKI)
            .allMatch(s -> s.method().equals("GET")));
  }

  @Test
  void aSecondRequestForTheSameCertificateIsRefused() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    CompletableFuture<ScepOutcome> first = appliance.client.submitEnroll(enrollment("vpn1"));
    CompletableFuture<ScepOutcome> second = appliance.client.submitEnroll(enrollment("vpn1"));

    ScepOutcome refused = appliance.drive(second);
    assertEquals(ScepOutcome.Status.REFUSED, refused.status());
    assertTrue(
        refused.reason().contains("vpn1 already has a SCEP transaction in progress"),
        refused.reason());
    assertEquals(ScepOutcome.Status.ISSUED, appliance.drive(first).status());
    assertEquals(1, ca.pkiRequests().size());
    assertEquals(
        ScepOutcome.Status.REFUSED,
        appliance.run(false, enrollment("vpn1")).status(),
        "a certificate that exists is renewed, not enrolled again");
  }

  @Test
  void withOneTransactionInFlightTheSecondStartsOnlyWhenTheFirstEnds() throws Exception {
    ScepAdmission admission = ScepAdmission.bounded(1);
    setUp(ScepPolicy.DEFAULTS.withAdmission(admission));
    CompletableFuture<ScepOutcome> first = appliance.client.submitEnroll(enrollment("vpn1"));
    CompletableFuture<ScepOutcome> second = appliance.client.submitEnroll(enrollment("vpn2"));

    assertEquals(ScepOutcome.Status.ISSUED, appliance.drive(first).status());
    assertEquals(ScepOutcome.Status.ISSUED, appliance.drive(second).status());
    // Unbounded, both GetCACert would leave before either PKIOperation; bounded to one, the
    // CA sees one whole transaction after the other.
    List<TestScepResponder.Op> ops = ca.seen.stream().map(TestScepResponder.Seen::op).toList();
    assertEquals(
        List.of(
            TestScepResponder.Op.CA_CERT,
            TestScepResponder.Op.PKI,
            TestScepResponder.Op.CA_CERT,
            TestScepResponder.Op.PKI),
        ops);
    assertEquals(0, admission.inFlight(), "both places given back");
    assertEquals(2, admission.admitted());
  }

  @Test
  void anIntermediateCaNeedsItsRootInTheStore() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    ca.close();
    KeyPair intermediateKey = TestCertificates.rsaKeyPair();
    X509Certificate intermediate =
        TestCertificates.issuedCa(
            "CN=issuing intermediate",
            intermediateKey.getPublic(),
            caCert,
            caKey.getPrivate(),
            KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
    ca = new TestScepResponder(group, intermediateKey, intermediate, appliance.clock);

    ScepOutcome untrusted = appliance.run(false, enrollment("vpn1"));
    assertEquals(ScepOutcome.Status.FAILED, untrusted.status());
    assertTrue(untrusted.reason().contains("not trusted"), untrusted.reason());
    assertTrue(
        appliance.vdomStore.snapshot().caCertificates().isEmpty(),
        "nothing imported from a failed enrollment");

    appliance.vdomStore.putCa(CaCertificate.trusted("Root_CA", caCert));
    ScepOutcome trusted = appliance.run(false, enrollment("vpn1"));
    assertEquals(ScepOutcome.Status.ISSUED, trusted.status(), trusted::reason);
    assertEquals(
        intermediate,
        appliance.vdomStore.snapshot().findCa("CA_Cert_1").orElseThrow().certificate());
    assertEquals(2, trusted.installed().chain().size(), "leaf and intermediate are installed");
  }

  @Test
  void withDebugOffNothingIsPrinted() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
    assertEquals(ScepOutcome.Status.ISSUED, appliance.run(false, enrollment("vpn1")).status());
    assertTrue(appliance.sink.lines().isEmpty(), () -> appliance.sink.lines().toString());
  }

  @Test
  void subjectLinesUseTheOpenSslOneLineForm() throws Exception {
    assertEquals(
        "/ST=NH/L=Amsterdam/O=Fortinet/OU=AS/CN=myvpn/",
        ScepTrace.oneLine(ScepClientFixture.SUBJECT.getEncoded()));
    assertEquals(
        "/C=NL/ST=NH/L=Amsterdam/O=Fortinet/OU=AS/CN=sceptest/",
        ScepTrace.oneLine(caCert.getSubjectX500Principal().getEncoded()));
  }
}
