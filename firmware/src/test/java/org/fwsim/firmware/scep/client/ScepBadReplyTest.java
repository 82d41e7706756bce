package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad reply a renewal can get ends the same way: a FAILED outcome naming what was wrong,
 * {@code SCEP request is failed} in forticron's trace, 22203 and 41990 in the event log, and the
 * current certificate entry untouched (the very same object), with nothing thrown.
 */
class ScepBadReplyTest {

  static final String NAME = "FAC_SCEP";
  static EventLoopGroup group;
  static KeyPair caKey;
  static X509Certificate caCert;
  static KeyPair otherCaKey;
  static X509Certificate otherCaCert;

  TestScepResponder ca;
  ScepClientFixture appliance;

  /**
   * A step timeout no reply on this machine comes near, so that a slow CA under load fails a case
   * for its own reason and never for a timeout.
   */
  static final Duration STEP = Duration.ofSeconds(60);

  /**
   * One bad reply: how the test CA misbehaves, what the failure reason must mention, and the step
   * timeout the appliance uses (short only where the CA never answers, so the timeout is the only
   * way the case can end).
   */
  record Case(
      String name,
      Consumer<TestScepResponder> misbehave,
      String reasonMentions,
      Duration stepTimeout) {
    Case(String name, Consumer<TestScepResponder> misbehave, String reasonMentions) {
      this(name, misbehave, reasonMentions, STEP);
    }
  }

  @BeforeAll
  static void keys() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    caKey = TestCertificates.rsaKeyPair();
    caCert = TestCertificates.scepCa("CN=fwsim test CA", caKey);
    otherCaKey = TestCertificates.rsaKeyPair();
    otherCaCert = TestCertificates.scepCa("CN=someone else's CA", otherCaKey);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeCa() {
    if (ca != null) {
      ca.close();
    }
  }

  /** The CA answers {@code op} with this raw HTTP reply, and everything else as usual. */
  private static Consumer<TestScepResponder> answer(
      TestScepResponder.Op op, int status, String contentType, byte[] body) {
    return ca -> ca.raw = o -> o != op ? null : TestScepResponder.reply(status, contentType, body);
  }

  /** The CA answers {@code op} with HTTP 200, this content type and this ASCII text. */
  private static Consumer<TestScepResponder> answerOk(
      TestScepResponder.Op op, String contentType, String text) {
    return answer(op, 200, contentType, text.getBytes(StandardCharsets.US_ASCII));
  }

  static Stream<Arguments> badReplies() {
    return Stream.of(
            new Case(
                "malformed body",
                answerOk(
                    TestScepResponder.Op.PKI,
                    "application/x-pki-message",
                    "this is not a pkiMessage!"),
                "bad CertRep"),
            new Case(
                "truncated CertRep",
                ca ->
                    ca.pki =
                        (req, r) -> {
                          byte[] full = TestScepResponder.issue(req, r);
                          return Arrays.copyOf(full, full.length / 2);
                        },
                "bad CertRep"),
            new Case(
                "oversized reply",
                answer(
                    TestScepResponder.Op.PKI,
                    200,
                    "application/x-pki-message",
                    new byte[300 * 1024]),
                "limit"),
            new Case(
                "wrong content type",
                answerOk(TestScepResponder.Op.PKI, "text/html", "<html>login</html>"),
                "Content-Type"),
            new Case(
                "GetCACert answered with HTML",
                answerOk(TestScepResponder.Op.CA_CERT, "text/html", "<html/>"),
                "Content-Type"),
            new Case(
                "signed by another CA's key",
                ca -> ca.pki = HostileCertReps.signedBy(otherCaCert, otherCaKey),
                "neither the CA"),
            new Case(
                "replayed: wrong recipientNonce",
                ca -> ca.pki = HostileCertReps.replayedRecipientNonce(),
                "recipientNonce"),
            new Case(
                "replayed: wrong transactionID",
                ca -> ca.pki = HostileCertReps.replayedTransactionId(),
                "transactionID"),
            new Case(
                "HTTP 500",
                answer(
                    TestScepResponder.Op.PKI,
                    500,
                    "text/plain",
                    "internal error".getBytes(StandardCharsets.US_ASCII)),
                "500"),
            new Case(
                "no reply (timeout)",
                ca ->
                    ca.raw =
                        op -> op != TestScepResponder.Op.PKI ? null : TestScepResponder.SILENCE,
                "no complete reply within 200 ms",
                Duration.ofMillis(200)),
            new Case(
                "CA answers FAILURE badRequest",
                ca -> ca.pki = HostileCertReps.failure(FailInfo.BAD_REQUEST, "duplicate subject"),
                "failInfo badRequest (duplicate subject)"))
        .map(r -> argumentSet(r.name(), r));
  }

  void setUp() throws Exception {
    setUp(STEP);
  }

  void setUp(Duration stepTimeout) throws Exception {
    appliance = new ScepClientFixture(group, new ScepPolicy(Duration.ofMinutes(5), 3, stepTimeout));
    ca = new TestScepResponder(group, caKey, caCert, appliance.clock);
    appliance.debugAll();
  }

  ScepEnrollment renewal(String url) {
    return TestScepEnrollment.of(NAME, url, "secret", ScepClientFixture.SUBJECT).global().build();
  }

  @ParameterizedTest(name = "{argumentSetName}")
  @MethodSource("badReplies")
  void aBadReplyFailsCleanlyAndKeepsTheCurrentCertificate(Case bad) throws Exception {
    setUp(bad.stepTimeout());
    LocalCertificate current = appliance.installCurrent(NAME, ca, appliance.globalStore);
    byte[] certBefore = current.certificate().getEncoded();
    bad.misbehave().accept(ca);

    ScepOutcome outcome = appliance.run(true, renewal(ca.url()));

    assertFailedCleanly(outcome, bad.reasonMentions(), current, certBefore);
    if (bad.name().startsWith("CA answers FAILURE")) {
      assertEquals(FailInfo.BAD_REQUEST, outcome.failInfo());
      assertEquals(FailureKind.CA_BAD_REQUEST, outcome.failure());
      assertTrue(appliance.sink.lines().contains("pkcs7_unwrap: pkistatus: FAILURE"));
    }
  }

  @Test
  void aGarbageCertRepGivesTheKb420924ForticronTrace() throws Exception {
    setUp();
    LocalCertificate current = appliance.installCurrent(NAME, ca, appliance.globalStore);
    byte[] certBefore = current.certificate().getEncoded();
    // 25 bytes, as the FortiAuthenticator reply in the KB-420924 capture.
    ca.raw =
        op ->
            op != TestScepResponder.Op.PKI
                ? null
                : TestScepResponder.reply(200, "application/x-pki-message", new byte[25]);

    ScepOutcome outcome =
        appliance.run(true, renewal(ca.url().replace("/cgi-bin/pkiclient.exe", "/app/cert/scep/")));

    assertFailedCleanly(outcome, "bad CertRep", current, certBefore);
    GoldenTrace.load("renew-failed-forticron.trace").assertInOrder(appliance.sink.lines());
  }

  @Test
  void aRefusedConnectionFailsCleanly() throws Exception {
    setUp();
    LocalCertificate current = appliance.installCurrent(NAME, ca, appliance.globalStore);
    byte[] certBefore = current.certificate().getEncoded();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }

    ScepOutcome outcome = appliance.run(true, renewal("http://127.0.0.1:" + closedPort + "/scep"));

    assertFailedCleanly(outcome, "connect failed", current, certBefore);
  }

  @Test
  void anHttpErrorToGetCaCapsMeansNoCapabilities() throws Exception {
    setUp();
    ca.raw =
        op ->
            op != TestScepResponder.Op.CAPS
                ? null
                : TestScepResponder.reply(
                    404, "text/plain", "no such operation".getBytes(StandardCharsets.US_ASCII));

    ScepOutcome outcome =
        appliance.run(
            false,
            TestScepEnrollment.of("vpn1", ca.url(), "secret", ScepClientFixture.SUBJECT).build());

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    assertTrue(
        ca.seen.stream()
            .filter(s -> s.op() == TestScepResponder.Op.PKI)
            .allMatch(s -> s.method().equals("GET")),
        "without capabilities the legacy GET is used");
  }

  private void assertFailedCleanly(
      ScepOutcome outcome, String mentions, LocalCertificate current, byte[] certBefore)
      throws Exception {
    assertEquals(ScepOutcome.Status.FAILED, outcome.status(), outcome::toString);
    assertTrue(
        outcome.reason().contains(mentions),
        () -> "reason '" + outcome.reason() + "' should mention '" + mentions + "'");
    // forticron's epoll loop frames the handler (the seed ends with AFTER READ): not ours to check.
    List<String> trace =
        appliance.sink.lines().stream().filter(l -> !l.startsWith("fcron_epoll_")).toList();
    assertTrue(
        trace.contains("scep_recv()-554: SCEP request is failed"), () -> String.join("\n", trace));
    assertTrue(
        trace.get(trace.size() - 1).startsWith("scep_cleanup()-168: scep_cleanup, state "),
        () -> String.join("\n", trace));
    assertTrue(
        trace.get(trace.size() - 1).endsWith("name FAC_SCEPVDOM0, vfid 0, is_global 1."),
        trace::toString);
    List<LogEntry> log = appliance.log.entries();
    assertEquals(
        List.of(LogId.VPN_CERT_UPDATE_FAILED, LogId.AUTO_GEN_CERT_FAIL), appliance.logIds());
    assertEquals(outcome.reason(), log.get(0).field("reason"));
    LocalCertificate after = appliance.globalStore.snapshot().findLocal(NAME).orElseThrow();
    assertSame(current, after, "the certificate entry is the very same object");
    assertSame(current.privateKey(), after.privateKey());
    assertArrayEquals(certBefore, after.certificate().getEncoded());
    assertTrue(
        appliance.globalStore.snapshot().caCertificates().isEmpty(), "no CA imported on failure");
    assertEquals(outcome, appliance.client.lastOutcome(NAME, true).orElseThrow());
  }
}
