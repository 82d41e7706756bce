package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA against requests an attacker on the loopback would send: each test reproduces a probe that
 * once got a certificate, a forged record or a dead CA, and checks that nothing is issued that
 * should not be, and that the CA keeps serving.
 */
class CaHostileInputTest {

  private static final String CHALLENGE = "s3cret";

  @TempDir Path tmp;

  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final List<ScepCa> cas = new ArrayList<>();

  @AfterEach
  void close() {
    cas.forEach(ScepCa::close);
  }

  private ScepCa start(ScepCa.Builder b) {
    ScepCa ca = b.clock(clock).meterRegistry(new SimpleMeterRegistry()).workers(1).build();
    cas.add(ca);
    ca.start(new InetSocketAddress("127.0.0.1", 0));
    return ca;
  }

  private ScepCa startWithDepot() {
    return start(ScepCa.builder().challenge(CHALLENGE).depot(tmp.resolve("depot")));
  }

  @Test
  void aSubjectWithLineBreaksCannotPlantARevocationInTheDepot() throws Exception {
    ScepCa ca = startWithDepot();
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    X509Certificate victim = enrol(client, ScepTestClient.rsa(), new X500Name("CN=victim"));
    String forged = "x\nR\t" + CaDepot.hex(victim.getSerialNumber()) + "\t2026-11-23T10:00:00Z\nV";
    KeyPair attacker = ScepTestClient.rsa();
    enrol(
        client, attacker, new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, forged).build());
    ca.close();

    // The restarted CA reads its index back: two certificates, both valid.
    ScepCa again = startWithDepot();
    assertEquals(2, again.certificates().size());
    assertEquals(
        IssuedCertificate.Status.VALID,
        again.certificates().find(victim.getSerialNumber()).orElseThrow().status());
    List<String> lines = Files.readAllLines(tmp.resolve("depot/index.txt"));
    assertEquals(2, lines.size(), lines::toString);
  }

  @Test
  void aTransactionIdWithControlCharactersIsBadRequestAndLogsNoRawTab() throws Exception {
    ScepCa ca = start(ScepCa.builder().challenge(CHALLENGE));
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    CertRep rep = client.pollAsNewcomer(caName(ca), new X500Name("CN=tx-tab"), "T\tV\t1000");

    ScepTestClient.assertFailure(FailInfo.BAD_REQUEST, rep);
    AccessLog.Entry last = ca.accessLog().entries().get(ca.accessLog().entries().size() - 1);
    assertFalse(last.toLine().contains("\t"), last.toLine());
    assertTrue(last.transactionId().contains("\\x09"), last.transactionId());
  }

  @Test
  void aRenewalCannotChangeTheSubject() throws Exception {
    ScepCa ca = start(ScepCa.builder().challenge(CHALLENGE));
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    KeyPair key = ScepTestClient.rsa();
    X509Certificate legit = enrol(client, key, new X500Name("CN=legit-dev"));
    KeyPair next = ScepTestClient.rsa();
    OutboundRequest renewal =
        client.renewalReq(next, new X500Name("CN=admin"), null, legit, key.getPrivate());

    CertRep rep = client.send(renewal, key.getPrivate());

    ScepTestClient.assertFailure(FailInfo.BAD_REQUEST, rep);
    assertEquals(1, ca.certificates().size(), "nothing issued for CN=admin");
  }

  @Test
  void aReplayedRenewalReqGetsTheSameCertificateNotAnother() throws Exception {
    ScepCa ca = start(ScepCa.builder().challenge(CHALLENGE));
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    KeyPair key = ScepTestClient.rsa();
    X500Name subject = new X500Name("CN=replayed");
    X509Certificate first = enrol(client, key, subject);
    KeyPair next = ScepTestClient.rsa();
    OutboundRequest renewal = client.renewalReq(next, subject, null, first, key.getPrivate());

    List<X509Certificate> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CertRep rep = client.send(renewal, key.getPrivate());
      assertEquals(PkiStatus.SUCCESS, rep.status(), () -> "" + rep.failInfoText());
      answers.add(PkiRequests.issuedFor(rep, next.getPublic()));
    }

    assertEquals(2, ca.certificates().size(), "one enrollment, one renewal");
    assertEquals(answers.get(0), answers.get(1));
    assertEquals(answers.get(0), answers.get(2));
  }

  @Test
  void aPkcsReqReplayedAfterARestartGetsTheSameCertificate() throws Exception {
    ScepCa ca = startWithDepot();
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    KeyPair key = ScepTestClient.rsa();
    ScepTestClient.Enrolment e = client.enrol(key, "replay-restart", CHALLENGE);
    X509Certificate first =
        PkiRequests.issuedFor(client.send(e.request(), key.getPrivate()), key.getPublic());
    ca.close();

    ScepCa again = startWithDepot();
    ScepTestClient client2 = new ScepTestClient(again.url(), clock);
    CertRep rep = client2.send(e.request(), key.getPrivate());

    assertEquals(PkiStatus.SUCCESS, rep.status());
    assertEquals(first, PkiRequests.issuedFor(rep, key.getPublic()));
    assertEquals(1, again.certificates().size());
  }

  @Test
  void aCaWithOnlyOneTimeChallengesRefusesEverythingOnceTheLastIsSpent() throws Exception {
    ScepCa ca = start(ScepCa.builder());
    String only = ca.challenges().issueOneTime(1).get(0);
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    enrol(client, ScepTestClient.rsa(), new X500Name("CN=first"), only);

    for (String presented : new String[] {only, "anything", null}) {
      KeyPair key = ScepTestClient.rsa();
      ScepTestClient.Enrolment e = client.enrol(key, "after-last", presented);
      CertRep rep = client.send(e.request(), key.getPrivate());
      assertEquals(PkiStatus.FAILURE, rep.status(), "challenge " + presented);
      assertEquals(FailInfo.BAD_REQUEST, rep.failInfo());
    }
    assertEquals(1, ca.certificates().size());
  }

  @Test
  void anAsn1NestingBombIsHttp400AndARealEnrollmentStillWorks() throws Exception {
    ScepCa ca = start(ScepCa.builder().challenge(CHALLENGE));
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    // 32,000 nested indefinite-length SEQUENCEs: 64 KB that recurse in any ASN.1 reader.
    byte[] bomb = new byte[64_000];
    for (int i = 0; i < bomb.length; i += 2) {
      bomb[i] = 0x30;
      bomb[i + 1] = (byte) 0x80;
    }
    for (int i = 0; i < 8; i++) {
      assertEquals(400, client.post(bomb).statusCode());
    }
    assertEquals(
        8,
        ca.accessLog().entries().stream()
            .filter(e -> e.result().equals("HTTP 400") && e.detail().contains("nested deeper"))
            .count(),
        () -> ca.accessLog().entries().toString());
    enrol(client, ScepTestClient.rsa(), new X500Name("CN=after-bombs"));
  }

  @Test
  void longAndControlCharacterOperationsCostOneBoundedLogLine() throws Exception {
    ScepCa ca = start(ScepCa.builder().depot(tmp.resolve("logdepot")));
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    String huge = "A".repeat(200_000);
    HttpResponse<String> big = client.get(huge, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> forged =
        client.get(
            "x%0a2026-01-01T00:00:00Z%20127.0.0.9:1%20GET%20GetCACert%20-%20-%20%22OK%22%00",
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, big.statusCode());
    assertEquals(400, forged.statusCode());
    assertTrue(big.body().length() < 1_000, "the answer does not echo 200 KB back");

    List<AccessLog.Entry> entries = ca.accessLog().entries();
    for (AccessLog.Entry e : entries) {
      assertTrue(e.toLine().length() < 1_000, e.toLine());
      assertFalse(e.toLine().chars().anyMatch(c -> c < 0x20), e.toLine());
    }
    ca.close();
    List<String> lines = Files.readAllLines(tmp.resolve("logdepot/access.log"));
    // GetCACaps and GetCACert of the client, then one line per probe: no forged third.
    assertEquals(4, lines.size(), lines::toString);
    assertFalse(String.join("\n", lines).contains("\0"));
  }

  @Test
  void connectionsFromOneAddressAreCappedWhileOthersAreServed() throws Exception {
    ScepCa ca = start(ScepCa.builder().maxConnectionsPerSource(3));
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", ca.url().getPort());
    try (Held held = new Held(server, 3, i -> "127.0.0.2")) {
      try (Socket refused = connectFrom("127.0.0.2", server)) {
        String head = readAll(refused.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 503"), head);
        assertTrue(head.toLowerCase().contains("retry-after"), head);
      }
      String answer = getCaCapsFrom("127.0.0.3", server);
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    }
  }

  /**
   * 20,000 idle connections once filled the CA's cap, and a real enrollment during them got 503: at
   * the cap in all, a newcomer now takes the place of the connection that has been silent longest
   * (it gets 408), so clients that speak are served while idle ones churn.
   */
  @Test
  void atTheCapInAllANewcomerReplacesTheLongestSilentConnection() throws Exception {
    ScepCa ca = start(ScepCa.builder().maxConnections(3));
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", ca.url().getPort());
    try (Held held = new Held(server, 3, i -> "127.0.0." + (2 + i))) {
      String answer = getCaCapsFrom("127.0.0.9", server);
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      String oldest = readAll(held.sockets.get(0).getInputStream());
      assertTrue(oldest.startsWith("HTTP/1.1 408"), oldest);
    }
  }

  /** Connections opened in order from {@code sourceOf(i)} and held open until closed. */
  private static final class Held implements AutoCloseable {
    final List<Socket> sockets = new ArrayList<>();

    Held(InetSocketAddress server, int count, IntFunction<String> sourceOf) throws Exception {
      try {
        for (int i = 0; i < count; i++) {
          sockets.add(connectFrom(sourceOf.apply(i), server));
        }
      } catch (Exception e) {
        close();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  private static Socket connectFrom(String source, InetSocketAddress server) throws Exception {
    Socket s = new Socket();
    s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(server, 10_000);
    return s;
  }

  /** GetCACaps from {@code source} on a connection of its own: the whole answer. */
  private static String getCaCapsFrom(String source, InetSocketAddress server) throws Exception {
    try (Socket s = connectFrom(source, server)) {
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /scep?operation=GetCACaps HTTP/1.1\r\nHost: ca\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return readAll(s.getInputStream());
    }
  }

  private static String readAll(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
  }

  private X509Certificate enrol(ScepTestClient client, KeyPair key, X500Name subject)
      throws Exception {
    return enrol(client, key, subject, CHALLENGE);
  }

  private X509Certificate enrol(
      ScepTestClient client, KeyPair key, X500Name subject, String challenge) throws Exception {
    X509Certificate self = client.codec.selfSignedSigner(key, subject);
    OutboundRequest req = client.pkcsReq(key, subject, challenge, self, key.getPrivate());
    CertRep rep = client.send(req, key.getPrivate());
    assertEquals(PkiStatus.SUCCESS, rep.status(), () -> "" + rep.failInfoText());
    return PkiRequests.issuedFor(rep, key.getPublic());
  }

  private static X500Name caName(ScepCa ca) {
    return X500Name.getInstance(ca.material().issuerCert().getSubjectX500Principal().getEncoded());
  }
}
