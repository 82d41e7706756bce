package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded CA's CMP server ({@code /pkix/}, RFC 6712) against OpenSSL 3's {@code openssl cmp}:
 * an IR MAC-protected with the challenge as shared secret, a KUR signed with the certificate it
 * issued, certConf each time, and {@code openssl verify} of what came back; then the refusals.
 */
class CmpOpensslInteropTest {

  private static final String SECRET = "s3cret";

  @TempDir Path dir;
  private InteropRig rig;

  @BeforeEach
  void start() throws Exception {
    rig = InteropRig.open(dir, SECRET, Peer.OPENSSL);
    rig.ca().start(new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void irWithTheSharedSecretThenKurWithTheIssuedCertificate() throws Exception {
    key("key1.pem");
    cmp(
        "-cmd",
        "ir",
        "-ref",
        "fgt-user",
        "-secret",
        "pass:" + SECRET,
        "-newkey",
        path("key1.pem"),
        "-subject",
        "/CN=fgt-cmp-1/O=fwsim",
        "-certout",
        path("cert1.pem"),
        "-cacertsout",
        path("capubs.pem"));
    assertVerifies("cert1.pem");
    assertTrue(subject("cert1.pem").contains("CN = fgt-cmp-1"));
    assertTrue(
        Files.readString(dir.resolve("capubs.pem")).contains("BEGIN CERTIFICATE"),
        "the ip carries the root as caPubs");
    assertEquals(0, rig.ca().cmp().awaitingConfirmation(), "certConf was received");

    key("key2.pem");
    cmp(kur("cert1.pem", "key1.pem", "key2.pem", "cert2.pem"));
    assertVerifies("cert2.pem");
    assertTrue(subject("cert2.pem").contains("CN = fgt-cmp-1"), "a key update keeps the subject");
    assertEquals(2, rig.ca().certificates().size());
    assertTrue(log().contains("CONFIRMED"), log());
  }

  @Test
  void aWrongSecretIsBadMessageCheckAndNothingIsIssued() throws Exception {
    key("key.pem");
    PeerRun r =
        cmpRun(
            "-cmd",
            "ir",
            "-ref",
            "fgt-user",
            "-secret",
            "pass:wrong",
            "-newkey",
            path("key.pem"),
            "-subject",
            "/CN=fgt-cmp-2",
            "-certout",
            path("cert.pem"),
            "-trusted",
            rig.root().toString());
    assertNotEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("badMessageCheck"), r.output());
    assertEquals(0, rig.ca().certificates().size());
    assertTrue(log().contains("ERROR badMessageCheck"), log());
  }

  @Test
  void aKurSignedByAForeignCertificateIsSignerNotTrusted() throws Exception {
    key("self.key");
    rig.files()
        .run(
            "openssl",
            "req",
            "-new",
            "-x509",
            "-key",
            path("self.key"),
            "-subj",
            "/CN=fgt-cmp-3",
            "-days",
            "1",
            "-out",
            path("self.pem"));
    key("new.key");
    PeerRun r = cmpRun(kur("self.pem", "self.key", "new.key", "x.pem"));
    assertNotEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("signerNotTrusted"), r.output());
    assertEquals(0, rig.ca().certificates().size());
  }

  private String log() {
    StringBuilder b = new StringBuilder();
    rig.ca().accessLog().entries().forEach(e -> b.append(e.toLine()).append('\n'));
    return b.toString();
  }

  private void key(String name) throws Exception {
    rig.files()
        .run(
            "openssl",
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            path(name));
  }

  private void assertVerifies(String cert) throws Exception {
    rig.files().assertVerifies(rig.ca().material(), dir.resolve(cert));
  }

  private void cmp(String... args) throws Exception {
    PeerRun r = cmpRun(args);
    if (r.exit() != 0) {
      fail("openssl cmp " + String.join(" ", args) + " exited " + r.exit() + ": " + r.output());
    }
  }

  /** {@code openssl cmp} against the CA's {@code /pkix/}, as RFC 6712 carries it. */
  private PeerRun cmpRun(String... args) throws Exception {
    return rig.files()
        .attempt(
            List.of(
                "openssl",
                "cmp",
                "-server",
                "127.0.0.1:" + rig.ca().address().getPort(),
                "-path",
                "pkix/"),
            args);
  }

  /**
   * A KUR of the certificate and key in {@code cert} and {@code key} for {@code newKey}, trusting
   * the CA's root, the new certificate to {@code out}.
   */
  private String[] kur(String cert, String key, String newKey, String out) {
    return new String[] {
      "-cmd",
      "kur",
      "-cert",
      path(cert),
      "-key",
      path(key),
      "-newkey",
      path(newKey),
      "-trusted",
      rig.root().toString(),
      "-certout",
      path(out)
    };
  }

  private String path(String name) {
    return rig.files().path(name);
  }

  /** The subject of a certificate file, as openssl prints it. */
  private String subject(String certificate) throws Exception {
    return rig.files().run("openssl", "x509", "-in", path(certificate), "-noout", "-subject");
  }
}
