package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a real SCEP client: Debian's micromdm {@code scepclient} enrolls against our CA, and
 * {@code openssl verify} accepts what we issued. Without the binaries the test fails ({@link
 * org.fwsim.hal.testing.Peer}; .ci/run installs them).
 */
class MicromdmScepclientInteropTest {

  @TempDir Path tmp;

  @Test
  void scepclientEnrollsAndOpensslVerifiesTheCertificate() throws Exception {
    Peer.SCEPCLIENT.require();
    Peer.OPENSSL.require();
    try (ScepCa ca =
        ScepCa.builder()
            .challenge("interop-secret")
            .meterRegistry(new SimpleMeterRegistry())
            .workers(1)
            .depot(tmp.resolve("depot"))
            .build()) {
      ca.start(new InetSocketAddress("127.0.0.1", 0));
      Path cert = tmp.resolve("cert.pem");

      PeerRun enrol =
          scepclient(
              tmp,
              ca,
              "-challenge",
              "interop-secret",
              "-cn",
              "fgt-interop",
              "-keySize",
              "2048",
              "-ca-fingerprint",
              ca.fingerprint().replace(":", "").toLowerCase());

      assertEquals(0, enrol.exit(), () -> enrol + "\nCA log: " + ca.accessLog().entries());
      assertTrue(Files.size(cert) > 0, "scepclient wrote no certificate");
      X509Certificate issued =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(Files.newInputStream(cert));
      assertTrue(issued.getSubjectX500Principal().getName().contains("CN=fgt-interop"));
      assertTrue(ca.certificates().find(issued.getSerialNumber()).isPresent());

      OpensslVerify.assertVerifies(tmp, ca.material().rootCert(), List.of(issued));

      // A wrong challenge makes scepclient fail, and the CA says why in its log.
      Path dir2 = Files.createDirectories(tmp.resolve("second"));
      PeerRun refused = scepclient(dir2, ca, "-challenge", "wrong", "-cn", "fgt-refused");
      assertTrue(refused.exit() != 0, refused::toString);
      List<AccessLog.Entry> log = ca.accessLog().entries();
      assertTrue(
          log.stream().anyMatch(e -> e.result().equals("FAILURE badRequest")), log::toString);
    }
  }

  @Test
  void withLegacyDesOffTheScepclientRequestIsBadAlg() throws Exception {
    Peer.SCEPCLIENT.require();
    try (ScepCa ca =
        ScepCa.builder()
            .acceptLegacyDes(false)
            .meterRegistry(new SimpleMeterRegistry())
            .workers(1)
            .build()) {
      ca.start(new InetSocketAddress("127.0.0.1", 0));

      PeerRun r = scepclient(tmp, ca, "-cn", "fgt-des");

      assertTrue(r.exit() != 0, r::toString);
      assertTrue(
          ca.accessLog().entries().stream()
              .anyMatch(
                  e -> e.result().equals("FAILURE badAlg") && e.detail().contains("1.3.14.3.2.7")),
          () -> ca.accessLog().entries().toString());
    }
  }

  /** micromdm's scepclient enrolling at {@code ca}, its key and certificate in {@code dir}. */
  private static PeerRun scepclient(Path dir, ScepCa ca, String... options)
      throws IOException, InterruptedException {
    return new PeerFiles(dir)
        .attempt(
            List.of(
                "scepclient",
                "-server-url",
                ca.url().toString(),
                "-private-key",
                dir.resolve("key.pem").toString(),
                "-certificate",
                dir.resolve("cert.pem").toString()),
            options);
  }
}
