package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.message.MessageType;
import org.fwsim.firmware.scep.transport.MicromdmScepServer;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our client against the real micromdm {@code scepserver} (Debian package {@code scep}): a first
 * enrollment and a renewal, each issued certificate checked by {@code openssl verify} against the
 * CA's own PEM. Skipped when a binary is missing, failed instead when env {@code CI} is set.
 */
class ScepClientMicromdmInteropTest {

  @TempDir static Path workDir;
  static MicromdmScepServer ca;
  static EventLoopGroup group;

  @BeforeAll
  static void startCa() throws Exception {
    MicromdmScepServer.require();
    Peer.OPENSSL.require();
    // -allowrenew 0: micromdm otherwise refuses a second certificate for the same CN (badRequest).
    ca = MicromdmScepServer.builder().challenge("secret").allowRenewDays(0).start(workDir);
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stopCa() throws InterruptedException {
    if (ca != null) {
      ca.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  /**
   * The FortiOS flow (GetCACert, GET PKIOperation, renewal as a PKCSReq signed by the current
   * certificate) and RFC 8894's (GetCACaps, POST, RenewalReq): micromdm takes both.
   */
  @ParameterizedTest
  @EnumSource(ScepFlow.class)
  void enrollsAndRenewsWithMicromdmAndOpenSslVerifiesBoth(ScepFlow flow) throws Exception {
    ScepClientFixture appliance = new ScepClientFixture(group, ScepPolicy.DEFAULTS.withFlow(flow));
    // micromdm stamps certificates with the host's time; the appliance clock must be inside their
    // validity.
    appliance.clock.set(Instant.now().plusSeconds(60));
    ScepEnrollment enrollment =
        TestScepEnrollment.of(
                "interop",
                ca.url(),
                "secret",
                new X500Name("O=fwsim, OU=interop, CN=fgt-interop-" + flow.keyword()))
            .build();

    ScepOutcome first = appliance.run(false, enrollment);
    assertEquals(
        ScepOutcome.Status.ISSUED, first.status(), () -> first.reason() + "\n" + ca.output());
    assertEquals(MessageType.PKCS_REQ, first.messageType());
    X509Certificate issued = first.installed().certificate();
    assertOpenSslVerifies(issued, flow.keyword() + "-first.pem");
    assertTrue(
        appliance.vdomStore.snapshot().findCa("CA_Cert_1").isPresent(),
        "micromdm's CA is imported");

    ScepOutcome renewed = appliance.run(true, enrollment);
    assertEquals(
        ScepOutcome.Status.ISSUED, renewed.status(), () -> renewed.reason() + "\n" + ca.output());
    assertEquals(
        flow == ScepFlow.RFC8894 ? MessageType.RENEWAL_REQ : MessageType.PKCS_REQ,
        renewed.messageType(),
        "micromdm advertises Renewal; FortiOS renews with a PKCSReq all the same");
    LocalCertificate now = appliance.vdomStore.snapshot().findLocal("interop").orElseThrow();
    assertNotEquals(issued.getSerialNumber(), now.certificate().getSerialNumber());
    assertNotEquals(
        issued.getPublicKey(), now.certificate().getPublicKey(), "a renewal gets a new key");
    assertOpenSslVerifies(now.certificate(), flow.keyword() + "-renewed.pem");
  }

  private static void assertOpenSslVerifies(X509Certificate cert, String fileName)
      throws Exception {
    Path pem = workDir.resolve(fileName);
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    PeerRun verify =
        PeerRun.of(
            workDir,
            Duration.ofSeconds(20),
            List.of(
                "openssl", "verify", "-CAfile", ca.caCertificatePem().toString(), pem.toString()));
    String output = verify.output();
    assertEquals(0, verify.exit(), output);
    assertTrue(output.trim().endsWith(": OK"), output);
  }
}
