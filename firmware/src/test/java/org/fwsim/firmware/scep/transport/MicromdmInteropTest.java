package org.fwsim.firmware.scep.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.ListSink;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ScepHttpClient} against the real micromdm {@code scepserver}. */
class MicromdmInteropTest {
  @TempDir static Path workDir;
  private static MicromdmScepServer ca;
  private static EventLoopGroup group;
  private static ExecutorService mailbox;
  private static ScepHttpClient client;

  private final ListSink sink = new ListSink();
  private final DebugControl debug =
      new DebugControl(new SteppedClock(Instant.parse("2026-01-01T00:00:00Z")), sink);

  @BeforeAll
  static void startCa() throws Exception {
    MicromdmScepServer.require();
    ca = MicromdmScepServer.builder().challenge("secret").start(workDir);
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    mailbox = Executors.newSingleThreadExecutor();
    client =
        new ScepHttpClient(
            new LoopbackScepConnector(group, NioSocketChannel.class, Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stopCa() throws InterruptedException {
    if (ca != null) {
      ca.close();
    }
    if (mailbox != null) {
      mailbox.shutdownNow();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  private ScepHttpResponse send(ScepHttpRequest request) throws Exception {
    return client
        .send(request.withTimeout(Duration.ofSeconds(5)), debug, mailbox)
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void getCaCapsListsPostAndScepStandard() throws Exception {
    ScepHttpResponse caps = send(ScepHttpRequest.getCaCaps(ScepUrl.parse(ca.url()), null));
    Set<String> keywords =
        Arrays.stream(new String(caps.body(), US_ASCII).split("\r?\n"))
            .map(String::trim)
            .filter(k -> !k.isEmpty())
            .collect(Collectors.toSet());
    assertTrue(
        keywords.containsAll(Set.of("POSTPKIOperation", "SCEPStandard", "SHA-256", "AES")),
        () -> "caps " + keywords + "\n" + ca.output());
  }

  @Test
  void getCaCertReturnsTheDepotsCaCertificateAsDer() throws Exception {
    debug.application(DebugApplication.SCEP, -1);
    debug.enable();
    ScepHttpResponse reply = send(ScepHttpRequest.getCaCert(ScepUrl.parse(ca.url()), null));
    assertEquals("application/x-x509-ca-cert", reply.contentType());
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    X509Certificate served =
        (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(reply.body()));
    X509Certificate depot;
    try (InputStream pem = Files.newInputStream(ca.caCertificatePem())) {
      depot = (X509Certificate) x509.generateCertificate(pem);
    }
    assertArrayEquals(
        depot.getEncoded(), reply.body(), "GetCACert must return the depot's CA in DER");
    assertTrue(
        served.getSubjectX500Principal().getName().contains("O=fwsim test CA"),
        served.getSubjectX500Principal().getName());
    assertTrue(
        sink.lines()
            .containsAll(
                java.util.List.of(
                    "scep_parse_header: server returned status code 200",
                    "scep_parse_header: MIME header: application/x-x509-ca-cert")),
        sink.lines()::toString);
  }
}
