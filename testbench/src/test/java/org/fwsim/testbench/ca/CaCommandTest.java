package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.fwsim.hal.testing.TestThread;
import org.fwsim.testbench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CaCommandTest {

  @TempDir Path dir;

  @Test
  void nonLoopbackListenAddressIsRefusedWithAClearError() {
    for (String addr : new String[] {"0.0.0.0:8080", "10.5.149.111:80", "ca.example.com:80"}) {
      CliRun run = CliRun.of("ca", "--listen", addr);

      assertEquals(2, run.exitCode(), addr);
      assertTrue(run.err().contains("loopback"), run::err);
    }
  }

  @Test
  void nonLoopbackTlsListenAddressIsRefused() {
    CliRun run = CliRun.of("ca", "--tls-listen", "10.5.149.111:443");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("loopback"), run::err);
  }

  @Test
  void anAddressInUseIsOneLineNamingItNotAStackTrace() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String addr = "127.0.0.1:" + taken.getLocalPort();
      for (String option : new String[] {"--listen", "--tls-listen"}) {
        CliRun run =
            option.equals("--listen")
                ? CliRun.of("ca", "--listen", addr, "--challenge", "x")
                : CliRun.of("ca", "--listen", "127.0.0.1:0", "--tls-listen", addr);

        assertEquals(1, run.exitCode(), option);
        assertEquals(1, run.err().strip().lines().count(), run::err);
        assertTrue(run.err().contains("cannot listen on " + addr), run::err);
        assertFalse(run.err().contains("\tat "), run::err);
      }
    }
  }

  @Test
  void estSrpListenWithoutAChallengeIsOneLineNamingTheNeed() {
    CliRun run = CliRun.of("ca", "--listen", "127.0.0.1:0", "--est-srp-listen", "127.0.0.1:0");

    assertEquals(1, run.exitCode());
    assertEquals(1, run.err().strip().lines().count(), run::err);
    assertTrue(run.err().contains("TLS-SRP needs the CA's challenge password"), run::err);
  }

  @Test
  void malformedListenIsAnErrorNamingTheOptionGiven() {
    for (String option : new String[] {"--listen", "--tls-listen"}) {
      CliRun run = CliRun.of("ca", option, "127.0.0.1");

      assertEquals(2, run.exitCode(), option);
      assertTrue(run.err().contains(option + ": needs ADDRESS:PORT"), run::err);
      // The other option is not named: the user typed this one.
      String other = option.equals("--listen") ? "--tls-listen" : " --listen";
      assertFalse(run.err().contains(other), run::err);
    }
  }

  @Test
  void startsPrintsUrlAndFingerprintServesAndStops() throws Exception {
    CaCommand cmd = new CaCommand();
    CommandLine cli = new CommandLine(cmd);
    CountDownLatch printed = new CountDownLatch(1);
    StringBuffer text = new StringBuffer();
    cli.setOut(
        new PrintWriter(
            new Writer() {
              @Override
              public void write(char[] c, int off, int len) {
                text.append(c, off, len);
                if (text.indexOf("press Ctrl-C") >= 0) {
                  printed.countDown();
                }
              }

              @Override
              public void flush() {}

              @Override
              public void close() {}
            }));
    int[] exit = {-1};
    TestThread t =
        TestThread.start(
            "ca-command",
            () ->
                exit[0] =
                    cli.execute(
                        "--listen",
                        "127.0.0.1:0",
                        "--challenge",
                        "pw",
                        "--pending",
                        "--depot",
                        dir.toString(),
                        "--workers",
                        "1",
                        "--tls-listen",
                        "127.0.0.1:0"));
    try {
      assertTrue(printed.await(30, TimeUnit.SECONDS), text::toString);
      Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/scep").matcher(text);
      assertTrue(url.find(), text::toString);
      assertTrue(
          Pattern.compile("fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}").matcher(text).find(),
          text::toString);
      HttpResponse<String> caps =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url.group() + "?operation=GetCACaps"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, caps.statusCode());
      assertTrue(caps.body().contains("POSTPKIOperation"));
      Matcher est =
          Pattern.compile("EST server listening: (https://127\\.0\\.0\\.1:\\d+/\\.well-known/est/)")
              .matcher(text);
      assertTrue(est.find(), text::toString);
      HttpClient https =
          HttpClient.newBuilder().sslContext(trusting(dir.resolve("ca.pem"))).build();
      HttpResponse<String> cacerts = get(https, est.group(1) + "cacerts");
      assertEquals(200, cacerts.statusCode(), cacerts::body);
      assertEquals("base64", cacerts.headers().firstValue("Content-Transfer-Encoding").orElse(""));
      // The same listener serves ACME, its URLs under the address the client reached.
      Matcher acme = Pattern.compile("ACME directory: (https://\\S+)").matcher(text);
      assertTrue(acme.find(), text::toString);
      HttpResponse<String> directory = get(https, acme.group(1));
      assertEquals(200, directory.statusCode(), directory::body);
      assertTrue(directory.body().contains("\"newNonce\":\"https://127.0.0.1:"), directory::body);
    } finally {
      cmd.stop.countDown();
      t.join(Duration.ofSeconds(30));
    }
    assertEquals(0, exit[0]);
    assertTrue(Files.exists(dir.resolve("ca.pem")));
    assertTrue(Files.readString(dir.resolve("access.log")).contains("GetCACaps"));
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A TLS context that trusts only the CA certificate in {@code pem}. */
  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(pem)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return tls;
  }
}
