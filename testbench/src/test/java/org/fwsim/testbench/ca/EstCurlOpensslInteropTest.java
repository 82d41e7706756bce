package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded CA's EST server against real peers, as RFC 7030's own examples run it: openssl makes
 * the keys and requests and reads what was issued, curl speaks HTTPS with basic or
 * client-certificate authentication.
 */
class EstCurlOpensslInteropTest {

  private static final String CHALLENGE = "s3cret";

  @TempDir Path dir;
  private InteropRig rig;
  private EstServer est;

  @BeforeEach
  void start() throws Exception {
    rig = InteropRig.open(dir, CHALLENGE, Peer.CURL, Peer.OPENSSL);
    est = EstServer.start(rig.ca(), new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    if (est != null) {
      est.close();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void cacertsGivesTheChainOpensslReads() throws Exception {
    Path b64 = dir.resolve("cacerts.b64");
    curl("-o", b64.toString(), url("cacerts"));
    String certs = run("openssl", "base64", "-d", "-in", b64.toString(), "-out", path("c.p7"));
    assertEquals("", certs);
    String printed = run("openssl", "pkcs7", "-inform", "DER", "-in", path("c.p7"), "-print_certs");
    // The issuing intermediate and the root, not the server's own certificate.
    assertEquals(2, printed.lines().filter(l -> l.startsWith("subject=")).count(), printed);
    assertTrue(printed.contains("Issuing CA"), printed);
  }

  @Test
  void simpleenrollThenSimplereenrollWithTheIssuedCertificate() throws Exception {
    Path cert = enroll("fgt-est-1", "key1.pem", "cert1.pem");
    String subject = run("openssl", "x509", "-in", cert.toString(), "-noout", "-subject");
    assertTrue(subject.contains("CN = fgt-est-1"), subject);

    // Renewal: a new key, the same subject, the current certificate as TLS client certificate.
    Path csr2 = csr("fgt-est-1", "key2.pem", "csr2.b64");
    Path out = dir.resolve("cert2.b64");
    String status =
        post("simplereenroll", csr2, out, "--cert", cert.toString(), "--key", path("key1.pem"));
    assertEquals("200", status);
    Path renewed = certsOnlyToPem(out, "cert2.pem");
    assertVerifies(renewed);
    assertTrue(
        run("openssl", "x509", "-in", renewed.toString(), "-noout", "-subject")
            .contains("CN = fgt-est-1"));
    assertEquals(2, rig.ca().certificates().size(), "the first and the renewed certificate");
  }

  @Test
  void badCredentialsAndRequestsGetEstStatuses() throws Exception {
    Path csr = csr("fgt-est-2", "key.pem", "csr.b64");
    String headers = path("h.txt");
    String wrong =
        post("simpleenroll", csr, dir.resolve("body.txt"), "--user", "est:wrong", "-D", headers);
    assertEquals("401", wrong);
    assertTrue(Files.readString(Path.of(headers)).contains("WWW-Authenticate: Basic"));
    Files.writeString(dir.resolve("junk.b64"), "bm90IGEgcmVxdWVzdA==\n");
    assertEquals(
        "400",
        post(
            "simpleenroll",
            dir.resolve("junk.b64"),
            dir.resolve("body.txt"),
            "--user",
            "est:" + CHALLENGE));
    String body = Files.readString(dir.resolve("body.txt"));
    assertTrue(body.contains("PKCS#10") && !body.contains("Exception"), body);
    assertEquals("405", curl("-o", path("body.txt"), "-w", "%{http_code}", url("simpleenroll")));
    assertEquals("404", curl("-o", path("body.txt"), "-w", "%{http_code}", url("serverkeygen")));

    // A self-signed client certificate proves its key to TLS but vouches for nothing here.
    opensslReq(
        "self.key", "-x509", "-out", path("self.pem"), "-subj", "/CN=fgt-est-2", "-days", "1");
    assertEquals(
        "403",
        post(
            "simplereenroll",
            csr,
            dir.resolve("body.txt"),
            "--cert",
            path("self.pem"),
            "--key",
            path("self.key")));
    assertEquals(0, rig.ca().certificates().size(), "nothing issued");
  }

  @Test
  void reenrollmentKeepsTheSubject() throws Exception {
    Path cert = enroll("fgt-est-3", "key.pem", "cert.pem");
    Path other = csr("someone-else", "key2.pem", "csr2.b64");
    assertEquals(
        "400",
        post(
            "simplereenroll",
            other,
            dir.resolve("body.txt"),
            "--cert",
            cert.toString(),
            "--key",
            path("key.pem")));
  }

  @Test
  void curlOverTlsSrpGetsCacertsAndEnrollsWithTheChallengeAsSrpPassword() throws Exception {
    try (EstServer srp =
        EstServer.startSrp(rig.ca(), new InetSocketAddress("127.0.0.1", 0), List.of())) {
      String base = srp.url().toString();
      Path b64 = dir.resolve("srp-cacerts.b64");
      assertEquals(
          "200",
          curl(srpLogin(CHALLENGE, "-o", b64.toString(), "-w", "%{http_code}", base + "cacerts")));
      run("openssl", "base64", "-d", "-in", b64.toString(), "-out", path("srp-c.p7"));
      String printed =
          run("openssl", "pkcs7", "-inform", "DER", "-in", path("srp-c.p7"), "-print_certs");
      assertTrue(printed.contains("Issuing CA"), printed);

      // No HTTP basic: the SRP handshake alone authorises the enrollment, and the renewal.
      Path csr = csr("fgt-srp-1", "srp-key.pem", "srp-csr.b64");
      Path out = dir.resolve("srp-cert.b64");
      assertEquals("200", curl(srpLogin(CHALLENGE, postArgs(csr, out, base + "simpleenroll"))));
      assertVerifies(certsOnlyToPem(out, "srp-cert.pem"));
      assertEquals(
          "200",
          curl(
              srpLogin(
                  CHALLENGE, postArgs(csr, dir.resolve("srp-re.b64"), base + "simplereenroll"))));
      assertVerifies(certsOnlyToPem(dir.resolve("srp-re.b64"), "srp-re.pem"));

      // A wrong SRP password fails in the handshake: no HTTP status, nothing issued.
      List<String> wrong =
          new ArrayList<>(List.of("curl", "-sS", "--cacert", rig.root().toString()));
      wrong.addAll(srpLogin("wrong", postArgs(csr, out, base + "simpleenroll")));
      PeerRun refused = PeerRun.of(dir, java.time.Duration.ofSeconds(60), wrong);
      assertTrue(refused.exit() != 0, refused.output());
      assertEquals(2, rig.ca().certificates().size(), "the enrollment and the renewal only");
    }
  }

  /** curl's TLS-SRP login as the CA's user with {@code password}, then {@code args}. */
  private static List<String> srpLogin(String password, String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "--tlsauthtype", "SRP", "--tlsuser", EstServer.USER, "--tlspassword", password));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String[] postArgs(Path csr, Path out, String url) {
    return new String[] {
      "--data-binary",
      "@" + csr,
      "-H",
      "Content-Type: application/pkcs10",
      "-o",
      out.toString(),
      "-w",
      "%{http_code}",
      url
    };
  }

  /** Enrolls {@code cn} with the challenge; returns the issued certificate as PEM, verified. */
  private Path enroll(String cn, String key, String certPem) throws Exception {
    Path csr = csr(cn, key, cn + ".b64");
    Path out = dir.resolve(cn + ".p7.b64");
    String status = post("simpleenroll", csr, out, "--user", "est:" + CHALLENGE);
    assertEquals("200", status, Files.readString(out));
    Path pem = certsOnlyToPem(out, certPem);
    assertVerifies(pem);
    return pem;
  }

  /** openssl req: a P-256 key and a base64 DER PKCS#10 request for CN={@code cn}. */
  private Path csr(String cn, String key, String b64) throws Exception {
    opensslReq(key, "-new", "-subj", "/CN=" + cn, "-outform", "DER", "-out", path(b64 + ".der"));
    run("openssl", "base64", "-in", path(b64 + ".der"), "-out", path(b64));
    return dir.resolve(b64);
  }

  /** {@code openssl req} with a fresh P-256 key written to {@code key}, then {@code args}. */
  private void opensslReq(String key, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "openssl",
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                path(key)));
    cmd.addAll(List.of(args));
    run(cmd.toArray(String[]::new));
  }

  private Path certsOnlyToPem(Path b64, String pem) throws Exception {
    run("openssl", "base64", "-d", "-in", b64.toString(), "-out", path(pem + ".p7"));
    run(
        "openssl",
        "pkcs7",
        "-inform",
        "DER",
        "-in",
        path(pem + ".p7"),
        "-print_certs",
        "-out",
        path(pem));
    return dir.resolve(pem);
  }

  private void assertVerifies(Path pem) throws Exception {
    rig.files().assertVerifies(rig.ca().material(), pem);
  }

  /**
   * POSTs the base64 request in {@code csr} to {@code operation} as RFC 7030's curl examples do,
   * with {@code auth} (curl's --user, or --cert and --key); the body goes to {@code out}.
   */
  private String post(String operation, Path csr, Path out, String... auth) throws Exception {
    List<String> args = new ArrayList<>(List.of(auth));
    args.addAll(List.of(postArgs(csr, out, url(operation))));
    return curl(args.toArray(String[]::new));
  }

  private String url(String operation) {
    return est.url() + operation;
  }

  /** curl trusting only the CA's root; its standard output is returned. */
  private String curl(List<String> args) throws Exception {
    return curl(args.toArray(String[]::new));
  }

  private String curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--cacert", rig.root().toString()));
    cmd.addAll(List.of(args));
    return run(cmd.toArray(String[]::new));
  }

  private String path(String name) {
    return rig.files().path(name);
  }

  private Path pem(String name, X509Certificate cert) throws IOException {
    return rig.files().pem(name, cert);
  }

  private String run(String... cmd) throws Exception {
    return rig.files().run(cmd);
  }
}
