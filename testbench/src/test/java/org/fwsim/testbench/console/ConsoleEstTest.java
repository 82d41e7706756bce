package org.fwsim.testbench.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.testbench.ca.CaMaterial;
import org.fwsim.testbench.ca.EstServer;
import org.fwsim.testbench.ca.ScepCa;
import org.junit.jupiter.api.Test;

/**
 * EST on the console as a user types it, against the embedded CA's EST server at {@code
 * https://10.5.149.111}: the CA imported with {@code ca import est}, a certificate enrolled with
 * {@code generate est} (HTTP basic, the server verified by {@code est-server-cert}), renewed by
 * forticron with {@code /simplereenroll}, and refusals that keep the certificate.
 */
class ConsoleEstTest extends ConsoleScriptTest {

  static final String IMPORT = "execute vpn certificate ca import est https://10.5.149.111\n";

  /** {@code generate est} of {@code name} with HTTP basic {@code est:password}. */
  static String generateEst(String name, String password) {
    return generateEst(name, password, "\"\"");
  }

  /** {@code generate est} of {@code name} with HTTP basic and a {@code source-ip}. */
  static String generateEst(String name, String password, String sourceIp) {
    return "execute vpn certificate local generate est "
        + name
        + " 2048 fgt.example.com NL NH Amsterdam Fortinet \"\" \"\" \"\" https://10.5.149.111"
        + " \"\" est "
        + password
        + " \"\" CA_Cert_1 "
        + sourceIp
        + "\n";
  }

  @Test
  void estLeavesThroughTheEgressOfScepAndARefusedSourceSendsNothing() throws Exception {
    Hypervisor hv = hv();
    ConsoleSimulation sim = sim();
    run(
        "config system interface\nedit port2\nset ip 198.51.100.2/24\nnext\nend\n"
            + "config vpn certificate setting\nset interface-select-method specify\n"
            + "set interface port2\nend\n"
            + IMPORT);
    int before = sim.ca().accessLog().entries().size();
    String t =
        run(
            "diagnose debug application est -1\ndiagnose debug enable\n"
                + generateEst("VIA_PORT2", CHALLENGE));
    assertContainsAll(
        t, "est_connect: bind to port2 source 198.51.100.2", "Certificate VIA_PORT2: enrolled");
    var fgt = sim.firmware().appliance();
    String port2 =
        org.fwsim.hal.net.Ip4.toString(
            hv.underlay().hostAddressOf(fgt.id(), org.fwsim.hal.net.Ip4.parse("198.51.100.2")));
    var since = sim.ca().accessLog().entries();
    assertTrue(
        since.subList(before, since.size()).stream()
            .allMatch(e -> e.source().startsWith(port2 + ":")),
        () -> port2 + " " + since);

    before = since.size();
    t = run(generateEst("BAD_SOURCE", CHALLENGE, "10.9.9.9"));
    assertContainsAll(t, "Certificate BAD_SOURCE: EST enrollment failed: ", "10.9.9.9");
    assertTrue(before == sim.ca().accessLog().entries().size(), "nothing sent");
  }

  @Test
  void importEnrollShowAndRenewOverEst() throws Exception {
    ConsoleSimulation sim = sim();
    String t = run("diagnose debug application est -1\ndiagnose debug enable\n" + IMPORT);
    assertContainsAll(
        t,
        "Imported CA_Cert_1: ",
        "(SHA-256 ",
        "est_send: GET /.well-known/est/cacerts",
        "est_tls: server certificate ",
        "accepted (bootstrap)",
        "est_recv: server returned status code 200");

    t = run(generateEst("FGT_EST", CHALLENGE) + "get vpn certificate local details FGT_EST\n");
    assertContainsAll(
        t,
        "Certificate FGT_EST: enrolling with EST server https://10.5.149.111",
        "Certificate FGT_EST: enrolled, serial ",
        "est_send: POST /.well-known/est/simpleenroll",
        "HTTP basic authentication",
        "Subject:     C = NL, ST = NH, L = Amsterdam, O = Fortinet, CN = fgt.example.com",
        "Valid to:    2027-11-23",
        "EST details:\nState:       OK\nServer:      https://10.5.149.111\n");
    String show = run("show vpn certificate local FGT_EST\n");
    assertContainsAll(
        show,
        "set enroll-protocol est",
        "set est-server \"https://10.5.149.111\"",
        "set est-http-username \"est\"",
        "set est-http-password ENC ",
        "set est-server-cert \"CA_Cert_1\"");
    assertFalse(show.contains(CHALLENGE), show);

    // est-client-cert instead of a password: the certificate the CA issued authenticates.
    t =
        run(
            "execute vpn certificate local generate est BY_CERT 2048 second.example.com NL NH"
                + " Amsterdam Fortinet \"\" \"\" \"\" https://10.5.149.111 \"\" \"\" \"\" FGT_EST"
                + " CA_Cert_1\n");
    assertContainsAll(
        t, "auth client certificate FGT_EST", "Certificate BY_CERT: enrolled, serial ");

    run("config vpn certificate local\nedit FGT_EST\nset auto-regenerate-days 7\nnext\nend\n");
    t =
        run(
            "diagnose debug duration 0\ndiagnose debug application est -1\n"
                + "diagnose debug enable\nsim clock advance 360d\n");
    assertContainsAll(t, "est_send: POST /.well-known/est/simplereenroll");
    t = run("get vpn certificate local details FGT_EST\nexecute log display\n");
    assertContainsAll(t, "Valid to:    2028-11-", "logid=\"0100022205\"", "method=\"EST\"");
    assertTrue(
        sim.ca().accessLog().entries().stream()
            .anyMatch(e -> e.toString().contains("simplereenroll")),
        () -> sim.ca().accessLog().entries().toString());
  }

  @Test
  void aWrongPasswordIsRefusedWith401AndAnUnverifiedServerKeepsTheCertificate() throws Exception {
    ConsoleSimulation sim = sim();
    run(IMPORT);
    String t = run(generateEst("BAD_PW", "wrong") + "execute log display\n");
    assertContainsAll(
        t,
        "Certificate BAD_PW: EST enrollment failed: enroll refused: HTTP 401 (wrong password)",
        "logid=\"0100022203\"",
        "method=\"EST\"");

    run(generateEst("FGT_EST", CHALLENGE));
    String before = run("get vpn certificate local details FGT_EST\n");
    // A CA the server's certificate does not chain to: the renewal is refused in the TLS
    // handshake, before any request, and the certificate stays.
    String stranger =
        PemCodec.certificates(
            java.util.List.of(TestCertificates.rootCa("not the EST CA").certificate()));
    run(
        "config vpn certificate ca\nedit STRANGER\nset ca \""
            + stranger.strip()
            + "\"\nnext\nend\n"
            + "config vpn certificate local\nedit FGT_EST\nset auto-regenerate-days 7\n"
            + "set est-server-cert STRANGER\nnext\nend\n");
    int asked = sim.ca().accessLog().entries().size();
    run("sim clock advance 360d\n"); // the script's end waits for the renewal it started
    t = run("execute log display\n");
    assertContainsAll(
        t, "logid=\"0101041990\"", "is not verified by O=fwsim test,CN=not the EST CA");
    assertTrue(asked == sim.ca().accessLog().entries().size(), "no request reached the CA");
    assertDetailsUnchanged(sim, "FGT_EST", before);
  }

  @Test
  void importEnrollAndRenewOverTlsSrpAndAWrongSrpPasswordKeepsTheCertificate() throws Exception {
    ConsoleSimulation sim = sim();
    String srp = ConsoleSimulation.EST_SRP_URL;
    String t =
        run(
            "diagnose debug application est -1\ndiagnose debug enable\n"
                + "execute vpn certificate ca import est "
                + srp
                + " \"\" \"\" \"\" \"\" \"\" \"\" est "
                + CHALLENGE
                + "\n");
    assertContainsAll(
        t,
        "Imported CA_Cert_1: ",
        "est_tls: TLS-SRP user est authenticated, server proved the SRP verifier\n");

    // SRP and est-server-cert: the server proves the verifier and its RSA certificate.
    t =
        run(
            "execute vpn certificate local generate est FGT_SRP 2048 fgt.example.com NL NH"
                + " Amsterdam Fortinet \"\" \"\" \"\" "
                + srp
                + " \"\" \"\" \"\" \"\" CA_Cert_1 \"\" est "
                + CHALLENGE
                + "\n");
    assertContainsAll(
        t,
        "auth TLS-SRP user est",
        "server proved the SRP verifier and its certificate",
        "est_tls: server certificate O=fwsim EST,CN=127.0.0.1 verified",
        "Certificate FGT_SRP: enrolled, serial ");
    String show = run("show vpn certificate local FGT_SRP\n");
    assertContainsAll(show, "set est-srp-username \"est\"", "set est-srp-password ENC ");
    assertFalse(show.contains(CHALLENGE), show);

    run("config vpn certificate local\nedit FGT_SRP\nset auto-regenerate-days 7\nnext\nend\n");
    t = run("diagnose debug duration 0\nsim clock advance 360d\n");
    assertContainsAll(
        t, "est_send: POST /.well-known/est/simplereenroll", "certificate FGT_SRP renewed");
    String renewed = run("get vpn certificate local details FGT_SRP\n");
    assertContainsAll(renewed, "Valid to:    2028-11-");

    run("config vpn certificate local\nedit FGT_SRP\nset est-srp-password wrong\nnext\nend\n");
    int issued = sim.ca().certificates().size();
    t = run("sim clock advance 360d\n");
    assertContainsAll(
        t,
        "EST request is failed: TLS-SRP handshake refused by the server (",
        "wrong est-srp-username or est-srp-password for user est");
    assertTrue(issued == sim.ca().certificates().size(), "nothing issued");
    assertDetailsUnchanged(sim, "FGT_SRP", renewed);
  }

  /**
   * {@code auto-update-days} of a CA certificate with {@code est-url}: forticron asks {@code
   * /cacerts} at the update point; the same certificate back is logged and kept, a rolled-over root
   * (same name and key, valid longer) replaces it once verified.
   */
  @Test
  void caAutoUpdateOverEstUrlReplacesTheCaCertificateOnceTheCaRollsOver() throws Exception {
    Hypervisor hv = hv();
    ConsoleSimulation sim = sim();
    run(IMPORT);
    X509Certificate held = sim.ca().material().rootCert();
    run(
        "config vpn certificate ca\nedit CA_Cert_1\nset est-url https://10.5.149.111\n"
            + "set auto-update-days 5\nnext\nend\n"
            + "diagnose debug duration 0\ndiagnose debug application est -1\n"
            + "diagnose debug enable\n");
    long days = Duration.between(START, held.getNotAfter().toInstant()).toDays() - 4;
    String t = run("sim clock advance " + days + "d\n");
    assertContainsAll(
        t,
        "est_cert_init: CA update CA_Cert_1 from https://10.5.149.111",
        "est_send: GET /.well-known/est/cacerts",
        "est_recv: CA certificate CA_Cert_1 kept: no newer CA certificate at"
            + " https://10.5.149.111");
    assertTrue(run("execute log display\n").contains("logid=\"0101041990\""));

    ScepCa rolled =
        ScepCa.builder()
            .material(rollOver(sim.ca().material()))
            .clock(hv.clock())
            .challenge(CHALLENGE)
            .workers(1)
            .build();
    try (rolled;
        EstServer est =
            EstServer.start(
                rolled,
                new InetSocketAddress("127.0.0.1", 0),
                List.of(ConsoleSimulation.CA_ADDRESS))) {
      hv.underlay().map(new InetSocketAddress(ConsoleSimulation.CA_ADDRESS, 443), est.address());
      t = run("sim clock advance 1d\n");
      assertContainsAll(t, "est_recv: CA certificate CA_Cert_1 updated, expires ");
      assertEquals(
          rolled.material().rootCert(),
          sim.firmware()
              .appliance()
              .globalCerts()
              .snapshot()
              .findCa("CA_Cert_1")
              .orElseThrow()
              .certificate());
      assertTrue(run("execute log display\n").contains("logid=\"0101041987\""));
    }
  }

  /** {@code get vpn certificate local details} of {@code name} still prints {@code before}. */
  private void assertDetailsUnchanged(ConsoleSimulation sim, String name, String before)
      throws Exception {
    String after = run(sim, "get vpn certificate local details " + name + "\n");
    assertEquals(before, after);
  }

  /** {@code ca}'s root re-issued with its own key for twenty more years: a CA's rollover. */
  private static CaMaterial rollOver(CaMaterial ca) {
    X509Certificate root = ca.rootCert();
    X509Certificate next =
        TestCertificates.builder()
            // BouncyCastle's string keeps the RDN order, so the encoded name stays the same.
            .subject(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()).toString())
            .keyPair(new KeyPair(root.getPublicKey(), ca.rootKey()))
            .ca()
            .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
            .validity(
                root.getNotBefore().toInstant(),
                root.getNotAfter().toInstant().plus(Duration.ofDays(7300)))
            .serial(root.getSerialNumber().longValueExact() + 100)
            .build()
            .certificate();
    return new CaMaterial(next, ca.rootKey(), null, null, null, null, null, null);
  }
}
