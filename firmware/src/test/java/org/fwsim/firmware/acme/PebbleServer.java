package org.fwsim.firmware.acme;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.GeneralName;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.fwsim.hal.testing.TestCertificates;

/**
 * Debian's {@code pebble} (Let's Encrypt's ACME test server) with {@code pebble-challtestsrv} as
 * its DNS, both on free ports of 127.0.0.1, for the interop tests. Pebble's own HTTPS certificate
 * is made here (the package ships none), by a test root the appliance is told to trust; pebble
 * makes its issuing root and intermediate at start, fetched from its management interface. The mock
 * DNS answers each ACME domain with the loopback image of the appliance's interface address ({@link
 * #addA}), and pebble validates HTTP-01 on {@link #httpPort()}.
 */
public final class PebbleServer implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(30);

  private final List<Process> processes = new ArrayList<>();
  private final TestCertificates.Issued tlsRoot = TestCertificates.rootCa("fwsim pebble TLS root");
  private final int acmePort = freePort();
  private final int managementPort = freePort();
  private final int httpPort = freePort();
  private final int dnsPort = freePort();
  private final int dnsManagementPort = freePort();
  private final HttpClient https;

  private PebbleServer(Path dir, Duration validity, String dnsServer) throws Exception {
    Path pebble = Peer.PEBBLE.require();
    Path challtestsrv = Peer.PEBBLE_CHALLTESTSRV.require();
    TestCertificates.Issued tls =
        TestCertificates.builder("pebble")
            .subjectAltNames(
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"))
            .issuedBy(tlsRoot)
            .validity(
                java.time.Instant.now().minusSeconds(3600),
                java.time.Instant.now().plus(Duration.ofDays(3650)))
            .build();
    Files.writeString(dir.resolve("cert.pem"), PemCodec.certificates(List.of(tls.certificate())));
    Files.writeString(dir.resolve("key.pem"), pem(tls.privateKey()));
    Files.writeString(
        dir.resolve("pebble-config.json"),
        "{\"pebble\":{\"listenAddress\":\"127.0.0.1:"
            + acmePort
            + "\",\"managementListenAddress\":\"127.0.0.1:"
            + managementPort
            + "\",\"certificate\":\"cert.pem\",\"privateKey\":\"key.pem\",\"httpPort\":"
            + httpPort
            + ",\"tlsPort\":"
            + freePort()
            + ",\"ocspResponderURL\":\"\",\"externalAccountBindingRequired\":false"
            + ",\"certificateValidityPeriod\":"
            + validity.toSeconds()
            + "}}");
    if (dnsServer == null) {
      start(
          dir,
          "Starting management server",
          Map.of(),
          challtestsrv.toString(),
          "-defaultIPv4",
          "",
          "-defaultIPv6",
          "",
          "-dns01",
          "127.0.0.1:" + dnsPort,
          "-http01",
          "",
          "-https01",
          "",
          "-tlsalpn01",
          "",
          "-management",
          "127.0.0.1:" + dnsManagementPort);
    }
    // No random sleeps before validation, no rejected good nonces (badNonce is tested on values),
    // no authorization reuse (every order validates, renewals too).
    start(
        dir,
        "Listening on:",
        Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0", "PEBBLE_AUTHZREUSE", "0"),
        pebble.toString(),
        "-config",
        "pebble-config.json",
        "-dnsserver",
        dnsServer == null ? "127.0.0.1:" + dnsPort : dnsServer);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", tlsRoot.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(START).build();
  }

  /** Starts both programs in {@code dir}; pebble issues certificates valid for {@code validity}. */
  public static PebbleServer start(Path dir, Duration validity) throws Exception {
    return new PebbleServer(dir, validity, null);
  }

  /**
   * Starts pebble alone, resolving through {@code dnsServer} ({@code ADDRESS:PORT}, e.g. a storm's
   * own DNS) instead of the mock DNS: {@link #addA} is then not available.
   */
  public static PebbleServer startWithDns(Path dir, Duration validity, String dnsServer)
      throws Exception {
    return new PebbleServer(dir, validity, dnsServer);
  }

  /** The directory URL, what {@code acme-ca-url} names. */
  public URI directory() {
    return URI.create("https://127.0.0.1:" + acmePort + "/dir");
  }

  /** The port pebble validates HTTP-01 on (the appliance must answer there). */
  public int httpPort() {
    return httpPort;
  }

  /** The root that signed pebble's HTTPS certificate: the CA the appliance must trust. */
  public X509Certificate tlsRoot() {
    return tlsRoot.certificate();
  }

  /** The mock DNS answers {@code host} with {@code address} from now on. */
  public void addA(String host, String address) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + dnsManagementPort + "/add-a"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"host\":\"" + host + "\",\"addresses\":[\"" + address + "\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("pebble-challtestsrv add-a: HTTP " + r.statusCode() + " " + r.body());
    }
  }

  /** Pebble's issuing root, PEM (it makes a new one at each start). */
  public String rootPem() throws IOException, InterruptedException {
    return management("/roots/0");
  }

  /** Pebble's issuing intermediate, PEM. */
  public String intermediatePem() throws IOException, InterruptedException {
    return management("/intermediates/0");
  }

  /**
   * The certificate pebble issued with {@code serial} (hex, as its log names it), PEM, from its
   * management interface's {@code /cert-status-by-serial/}.
   */
  public String certificatePem(String serial) throws IOException, InterruptedException {
    String json = management("/cert-status-by-serial/" + serial);
    com.fasterxml.jackson.databind.JsonNode pem =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("Certificate");
    if (pem == null) {
      throw new IOException("pebble has no certificate with serial " + serial + ": " + json);
    }
    return pem.asText();
  }

  /**
   * {@code openssl verify} of {@code leafPem} against pebble's root, its intermediate as untrusted
   * help, the files written in {@code dir}.
   */
  public PeerRun verify(Path openssl, Path dir, String leafPem) throws Exception {
    Path root = Files.writeString(dir.resolve("root.pem"), rootPem());
    Path inter = Files.writeString(dir.resolve("inter.pem"), intermediatePem());
    Path leaf = Files.writeString(dir.resolve("leaf.pem"), leafPem);
    return PeerRun.of(
        dir,
        START,
        List.of(
            openssl.toString(),
            "verify",
            "-CAfile",
            root.toString(),
            "-untrusted",
            inter.toString(),
            leaf.toString()));
  }

  /** What both programs printed, for failure messages. */
  public String output() {
    return String.join("\n", logs);
  }

  private final List<String> logs = java.util.Collections.synchronizedList(new ArrayList<>());

  private String management(String path) throws IOException, InterruptedException {
    return https
        .send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + managementPort + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Starts a program and waits (on a latch, not a clock) until it prints {@code ready}. */
  private void start(Path dir, String ready, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    p.getOutputStream().close();
    CountDownLatch up = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  logs.add(line);
                  if (line.contains(ready)) {
                    up.countDown();
                  }
                }
              } catch (IOException e) {
                logs.add("(output lost: " + e + ")");
              }
            },
            "pebble-output");
    reader.setDaemon(true);
    reader.start();
    if (!up.await(START.toSeconds(), TimeUnit.SECONDS)) {
      close();
      throw new IOException(command[0] + " did not start:\n" + output());
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  /** PKCS#8, the one form Go's TLS loader takes for every key type. */
  private static String pem(java.security.PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1", e);
    }
  }
}
