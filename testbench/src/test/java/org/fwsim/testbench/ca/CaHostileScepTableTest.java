package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.firmware.scep.message.RequestParties;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.hal.testing.SteppedClock;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CA's side of the hostile SCEP table: a CA with a static challenge and one device it already
 * enrolled ({@code CN=legit-dev}) gets one hostile request per row. Each row says what the CA must
 * answer, and no row may leave one certificate more in the CA's index than before it: nothing
 * issued that should not be. (Deeper checks of single rows, such as the depot after a restart, are
 * in {@link CaHostileInputTest}.)
 */
class CaHostileScepTableTest {

  private static final String CHALLENGE = "s3cret";
  private static final X500Name LEGIT = new X500Name("CN=legit-dev");

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private final SteppedClock clock = new SteppedClock(NOW);
  private ScepCa ca;

  /** What the attacker holds: a client of the CA and the device it enrolled legitimately. */
  record Rig(ScepCa ca, ScepTestClient client, KeyPair deviceKey, X509Certificate device) {}

  /** One hostile request: sends it and says how the CA answered. */
  @FunctionalInterface
  interface Attack {
    String run(Rig rig) throws Exception;
  }

  /** A row: the request, and the answer it must get. */
  record Row(String name, Attack attack, String answer) {}

  @AfterEach
  void close() {
    if (ca != null) {
      ca.close();
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
            new Row(
                "PKCSReq signed with another key than its signer certificate's (wrong signer)",
                r -> {
                  KeyPair key = ScepTestClient.rsa();
                  X509Certificate self = r.client.codec.selfSignedSigner(key, new X500Name("CN=x"));
                  KeyPair other = ScepTestClient.rsa();
                  return answer(
                      r,
                      r.client.pkcsReq(
                          key, new X500Name("CN=x"), CHALLENGE, self, other.getPrivate()),
                      key);
                },
                "FAILURE badMessageCheck"),
            new Row(
                "PKCSReq encrypted to another CA (wrong recipient)",
                r -> {
                  KeyPair key = ScepTestClient.rsa();
                  X509Certificate self = r.client.codec.selfSignedSigner(key, new X500Name("CN=x"));
                  RequestParties toOther =
                      new RequestParties(self, key.getPrivate(), otherCa(), r.client.caps);
                  return answer(
                      r,
                      r.client.codec.pkcsReq(
                          ScepCsr.csr(key, new X500Name("CN=x"), CHALLENGE), toOther),
                      key);
                },
                "FAILURE badMessageCheck"),
            new Row(
                "PKCSReq whose signingTime is two days old",
                r -> {
                  KeyPair key = ScepTestClient.rsa();
                  PkiRequests late =
                      new PkiRequests(
                          new SteppedClock(NOW.minus(Duration.ofDays(2))), new SecureRandom());
                  X509Certificate self = late.selfSignedSigner(key, new X500Name("CN=late"));
                  return answer(
                      r,
                      late.pkcsReq(
                          ScepCsr.csr(key, new X500Name("CN=late"), CHALLENGE),
                          r.client.parties(self, key.getPrivate())),
                      key);
                },
                "FAILURE badTime"),
            new Row(
                "PKCSReq without the challenge",
                r -> enrolAs(r, "CN=nochallenge", null),
                "FAILURE" + " badRequest"),
            new Row(
                "PKCSReq with a wrong challenge",
                r -> enrolAs(r, "CN=guess", "guessed"),
                "FAILURE badRequest"),
            new Row(
                "PKCSReq with a transactionID of control characters",
                r -> {
                  CertRep rep =
                      r.client.pollAsNewcomer(
                          X500Name.getInstance(
                              r.ca.material().issuerCert().getSubjectX500Principal().getEncoded()),
                          new X500Name("CN=tab"),
                          "T\tV\t1000");
                  return render(rep, null);
                },
                "FAILURE badRequest"),
            new Row(
                "CertPoll for another device's unknown transactionID",
                r ->
                    render(
                        r.client.pollAsNewcomer(
                            X500Name.getInstance(
                                r.ca
                                    .material()
                                    .issuerCert()
                                    .getSubjectX500Principal()
                                    .getEncoded()),
                            LEGIT,
                            "0123456789ABCDEF0123456789ABCDEF"),
                        null),
                "FAILURE badCertId"),
            new Row(
                "RenewalReq that changes the subject (CN=legit-dev to CN=admin)",
                r -> renewal(r, new X500Name("CN=admin"), r.device, r.deviceKey),
                "FAILURE badRequest"),
            new Row(
                "RenewalReq signed by another CA's certificate",
                r -> {
                  KeyPair key = ScepTestClient.rsa();
                  KeyPair otherKey = ScepTestClient.rsa();
                  X509Certificate otherRoot = TestCertificates.scepCa("CN=other CA", otherKey);
                  X509Certificate forged =
                      TestCertificates.issued(
                          "CN=legit-dev",
                          key.getPublic(),
                          otherRoot,
                          otherKey.getPrivate(),
                          KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
                  return renewal(r, LEGIT, forged, key);
                },
                "FAILURE badRequest"),
            new Row(
                "RenewalReq signed with another key than the device certificate's (key mismatch)",
                r -> renewal(r, LEGIT, r.device, ScepTestClient.rsa()),
                "FAILURE badMessageCheck"),
            new Row(
                "the device's enrollment replayed byte for byte",
                r -> {
                  ScepTestClient.Enrolment e = r.client.enrol(r.deviceKey, "replayed", CHALLENGE);
                  String first = answer(r, e.request(), r.deviceKey);
                  String again = answer(r, e.request(), r.deviceKey);
                  return first.equals(again)
                      ? "SUCCESS, the same certificate"
                      : first + " / " + again;
                },
                "SUCCESS, the same certificate"),
            new Row(
                "an ASN.1 nesting bomb of 64 KB",
                r -> {
                  byte[] bomb = new byte[64_000];
                  for (int i = 0; i < bomb.length; i += 2) {
                    bomb[i] = 0x30;
                    bomb[i + 1] = (byte) 0x80;
                  }
                  return "HTTP " + r.client.post(bomb).statusCode();
                },
                "HTTP 400"))
        .map(r -> argumentSet(r.name() + " -> " + r.answer(), r));
  }

  @ParameterizedTest(name = "{argumentSetName}")
  @MethodSource("table")
  void theCaAnswersAsTheRowSaysAndIssuesNothingItShouldNot(Row row) throws Exception {
    ca =
        ScepCa.builder()
            .challenge(CHALLENGE)
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .workers(1)
            .build();
    ca.start(new InetSocketAddress("127.0.0.1", 0));
    ScepTestClient client = new ScepTestClient(ca.url(), clock);
    KeyPair deviceKey = ScepTestClient.rsa();
    X509Certificate self = client.codec.selfSignedSigner(deviceKey, LEGIT);
    X509Certificate device =
        PkiRequests.issuedFor(
            client.send(
                client.pkcsReq(deviceKey, LEGIT, CHALLENGE, self, deviceKey.getPrivate()),
                deviceKey.getPrivate()),
            deviceKey.getPublic());
    int before = ca.certificates().size();
    boolean issues = row.answer().startsWith("SUCCESS, the same");

    String answer = row.attack().run(new Rig(ca, client, deviceKey, device));

    assertEquals(row.answer(), answer);
    assertEquals(
        before + (issues ? 1 : 0),
        ca.certificates().size(),
        "certificates in the CA's index after the row");
  }

  /** Sends {@code req} over POST; the CertRep as "STATUS failInfo", or the HTTP status. */
  private static String answer(Rig r, OutboundRequest req, KeyPair decryptWith) throws Exception {
    HttpResponse<byte[]> http = r.client.post(req.der());
    if (http.statusCode() != 200) {
      return "HTTP " + http.statusCode();
    }
    CertRep rep =
        r.client.codec.decodeReply(http.body(), req, decryptWith.getPrivate(), r.client.ca);
    return render(rep, decryptWith);
  }

  /** A RenewalReq for a new key and {@code subject}, signed as {@code signer} by {@code key}. */
  private static String renewal(Rig r, X500Name subject, X509Certificate signer, KeyPair key)
      throws Exception {
    return answer(
        r, r.client.renewalReq(ScepTestClient.rsa(), subject, null, signer, key.getPrivate()), key);
  }

  private static String render(CertRep rep, KeyPair key) throws Exception {
    if (rep.status() == PkiStatus.FAILURE) {
      return "FAILURE " + rep.failInfo().rfcName();
    }
    if (rep.status() == PkiStatus.SUCCESS && key != null) {
      return "SUCCESS serial " + PkiRequests.issuedFor(rep, key.getPublic()).getSerialNumber();
    }
    return rep.status().toString();
  }

  private static String enrolAs(Rig r, String subject, String challenge) throws Exception {
    KeyPair key = ScepTestClient.rsa();
    X500Name name = new X500Name(subject);
    X509Certificate self = r.client.codec.selfSignedSigner(key, name);
    return answer(r, r.client.pkcsReq(key, name, challenge, self, key.getPrivate()), key);
  }

  private static CaCertificates otherCa() throws Exception {
    KeyPair k = ScepTestClient.rsa();
    return CaCertificates.of(List.of(TestCertificates.scepCa("CN=other CA", k)));
  }
}
