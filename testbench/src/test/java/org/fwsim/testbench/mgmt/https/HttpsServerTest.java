package org.fwsim.testbench.mgmt.https;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.admin.Admins;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.TestHypervisors;
import org.fwsim.testbench.ca.OpensslVerify;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.ca.TestCas;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two appliances behind one HTTPS server, each at its own loopback address, driven by curl with an
 * API token and with a session cookie jar, and by {@code openssl s_client}: the served certificate
 * is the one {@code admin-server-cert} names, chaining to the CA that enrolled it over SCEP.
 */
class HttpsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  private static final String CA = "10.5.149.111";
  private static final String URL = "http://" + CA + "/app/cert/scep/";
  private static final String CHALLENGE = "https-test";

  @TempDir Path dir;

  private Hypervisor hv;
  private HypervisorDriver driver;
  private ScepCa ca;
  private HttpsServer server;
  private final List<Firmware> fleet = new ArrayList<>();
  private final List<String> bases = new ArrayList<>();
  private final List<ManagedDevice> devices = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    hv = TestHypervisors.builder(START).keyPoolCapacity(4).build();
    driver = HypervisorDriver.of(hv);
    ca = TestCas.onUnderlay(hv, CHALLENGE, CA);
    for (int i = 0; i < 2; i++) {
      String serial = "FGVM01TM2600010" + i;
      Appliance a = hv.newAppliance(serial, "FGT-" + i);
      CompletableFuture<Firmware> f =
          Firmware.boot(hv, a, Firmware.labDefault("FGT-" + i), FirmwareCommands.newRegistry());
      driver.doWorkUntil(f::isDone);
      Firmware fw = f.get();
      fleet.add(fw);
      int host = Ip4.parse("127.0.0." + (20 + i));
      devices.add(
          new ManagedDevice("FGT-" + i, serial, fw, "port1", Ip4.parse("192.168.1.99"), host));
    }
    server = new HttpsServer(new ManagedDevices(hv, devices), null);
    for (ManagedDevice d : devices) {
      InetSocketAddress bound = server.listen(new InetSocketAddress(d.hostInetAddress(), 0));
      bases.add("https://" + Ip4.toString(d.hostAddress()) + ":" + bound.getPort());
    }
  }

  @AfterEach
  void stop() {
    server.close();
    ca.close();
    hv.close();
  }

  private <T> T onMailbox(Firmware fw, Callable<T> task) throws Exception {
    CompletableFuture<T> f = fw.appliance().call(task);
    driver.doWorkUntil(f::isDone);
    return f.get();
  }

  private String cli(Firmware fw, String script) throws Exception {
    return onMailbox(fw, () -> fw.newSession().run(script));
  }

  private String token(Firmware fw) throws Exception {
    cli(fw, "config system api-user\nedit ansible\nset accprofile super_admin\nnext\nend");
    Matcher m =
        Pattern.compile("New API key: (\\S+)")
            .matcher(cli(fw, "execute api-user generate-key ansible"));
    assertTrue(m.find());
    return m.group(1);
  }

  private JsonNode curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sk"));
    cmd.addAll(List.of(args));
    return JSON.readTree(RealClient.run(driver, dir, cmd));
  }

  /**
   * {@code body} sent to {@code url} with {@code method}, signed in by the curl options {@code
   * auth}.
   */
  private JsonNode send(List<String> auth, String method, String body, String url)
      throws Exception {
    List<String> args = new ArrayList<>(auth);
    args.addAll(List.of("-X", method, "-d", body, url));
    return curl(args.toArray(String[]::new));
  }

  @Test
  void curlWithATokenReadsAndWritesOneDeviceOnly() throws Exception {
    Peer.CURL.require();
    Firmware a = fleet.get(0);
    String auth = "Authorization: Bearer " + token(a);
    String base = bases.get(0);

    JsonNode port1 = curl("-H", auth, base + "/api/v2/cmdb/system/interface/port1");
    assertEquals(200, port1.get("http_status").asInt(), port1.toString());
    assertEquals("FGVM01TM26000100", port1.get("serial").asText());
    assertEquals("port1", port1.get("results").get(0).get("name").asText());

    JsonNode posted =
        send(
            List.of("-H", auth),
            "POST",
            "{\"seq-num\":5,\"dst\":\"10.20.0.0/16\",\"gateway\":\"192.168.1.254\",\"device\":\"port1\"}",
            base + "/api/v2/cmdb/router/static");
    assertEquals("success", posted.get("status").asText(), posted.toString());
    JsonNode put =
        send(
            List.of("-H", auth),
            "PUT",
            "{\"gateway\":\"192.168.1.253\"}",
            base + "/api/v2/cmdb/router/static/5");
    assertEquals(200, put.get("http_status").asInt(), put.toString());
    assertTrue(cli(a, "show router static").contains("set gateway 192.168.1.253"));
    assertFalse(
        cli(fleet.get(1), "show router static").contains("edit 5"),
        "the other device, at its own address, is untouched");

    JsonNode deleted = curl("-H", auth, "-X", "DELETE", base + "/api/v2/cmdb/router/static/5");
    assertEquals(200, deleted.get("http_status").asInt());
    JsonNode missing = curl("-H", auth, base + "/api/v2/cmdb/router/static/5");
    assertEquals(404, missing.get("http_status").asInt());
    assertEquals(-3, missing.get("error").asInt());

    // The token of device A means nothing to device B.
    JsonNode other = curl("-H", auth, bases.get(1) + "/api/v2/cmdb/router/static");
    assertEquals(401, other.get("http_status").asInt());
    JsonNode badJson =
        send(List.of("-H", auth), "POST", "{oops", base + "/api/v2/cmdb/router/static");
    assertEquals(400, badJson.get("http_status").asInt());
  }

  @Test
  void curlLogsInWithACookieJar() throws Exception {
    Peer.CURL.require();
    Firmware a = fleet.get(0);
    onMailbox(
        a,
        () -> {
          Admins.setPassword(a.config(), "admin", "fwsim");
          return null;
        });
    String base = bases.get(0);
    Path jar = dir.resolve("cookies.txt");
    String login =
        RealClient.run(
            driver,
            dir,
            List.of(
                "curl",
                "-sk",
                "-c",
                jar.toString(),
                "-d",
                "username=admin&secretkey=fwsim",
                base + "/logincheck"));
    assertTrue(login.startsWith("1"), login);
    String csrf = null;
    for (String line : Files.readAllLines(jar)) {
      String[] f = line.split("\t");
      if (f.length == 7 && f[5].equals("ccsrftoken")) {
        csrf = f[6].replace("\"", "");
      }
    }
    assertTrue(csrf != null && !csrf.isEmpty(), Files.readString(jar));

    JsonNode status = curl("-b", jar.toString(), base + "/api/v2/monitor/system/status");
    assertEquals("FGT-0", status.get("results").get("hostname").asText(), status.toString());
    JsonNode put =
        send(
            List.of("-b", jar.toString(), "-H", "X-CSRFTOKEN: " + csrf),
            "PUT",
            "{\"alias\":\"uplink\"}",
            base + "/api/v2/cmdb/system/interface/port2");
    assertEquals(200, put.get("http_status").asInt(), put.toString());
    assertTrue(cli(a, "show system interface port2").contains("set alias \"uplink\""));

    RealClient.run(driver, dir, List.of("curl", "-sk", "-b", jar.toString(), base + "/logout"));
    JsonNode after = curl("-b", jar.toString(), base + "/api/v2/monitor/system/status");
    assertEquals(401, after.get("http_status").asInt());
  }

  @Test
  void servesTheScepEnrolledCertificateAdminServerCertNames() throws Exception {
    Peer.OPENSSL.require();
    Peer.CURL.require();
    Firmware a = fleet.get(0);
    String host = bases.get(0).substring("https://".length());

    List<X509Certificate> factory = served(host);
    assertEquals(
        "FGVM01TM26000100",
        factory.get(0).getSubjectX500Principal().getName().replaceAll("^.*CN=([^,]*).*$", "$1"),
        "by default a self-signed certificate of the device");

    List<String> console = new CopyOnWriteArrayList<>();
    a.setConsoleSink(console::add);
    // The REST monitor starts the same SCEP enrollment as execute vpn certificate local generate.
    JsonNode generate =
        curl(
            "-H",
            "Authorization: Bearer " + token(a),
            "-X",
            "POST",
            "-d",
            "{\"certname\":\"GUI\",\"keytype\":\"rsa\",\"keysize\":2048,"
                + "\"subject\":\"fgt0.example.net\",\"scep_url\":\""
                + URL
                + "\","
                + "\"scep_password\":\""
                + CHALLENGE
                + "\"}",
            bases.get(0) + "/api/v2/monitor/vpn-certificate/csr/generate");
    assertEquals(200, generate.get("http_status").asInt(), generate.toString());
    driver.doWorkUntil(
        () -> console.stream().anyMatch(l -> l.startsWith("Certificate GUI: enrolled")),
        java.time.Duration.ofSeconds(30),
        console::toString);
    cli(a, "config system global\nset admin-server-cert GUI\nend");

    List<X509Certificate> enrolled = served(host);
    assertTrue(
        enrolled.get(0).getSubjectX500Principal().getName().contains("CN=fgt0.example.net"),
        enrolled.get(0).getSubjectX500Principal().getName());
    OpensslVerify.assertVerifies(
        dir, ca.material().issuerCert(), List.of(enrolled.get(0)), hv.clock().instant());
    JsonNode local =
        curl(
            "-H",
            "Authorization: Bearer " + token(a),
            bases.get(0) + "/api/v2/monitor/vpn-certificate/local");
    assertEquals("GUI", local.get("results").get(0).get("name").asText(), local.toString());
    assertEquals("valid", local.get("results").get(0).get("status").asText());
  }

  @Test
  void theFactorySelfSignedCertificateIsSavedWithTheDeviceAndServedAfterARestart()
      throws Exception {
    Peer.OPENSSL.require();
    Firmware a = fleet.get(0);
    X509Certificate first = served(bases.get(0).substring("https://".length())).get(0);
    Path saved = dir.resolve("FGT-0.conf");
    onMailbox(
        a,
        () -> {
          ConfigFiles.save(a.config(), saved);
          return null;
        });
    assertTrue(
        Files.readString(saved).contains("set admin-server-cert-self-sign \"-----BEGIN"),
        "kept in the saved configuration");

    // A restart: the configuration read back from the file, a new server with nothing cached.
    ConfigTree restored = new ConfigTree();
    try (var in = Files.newBufferedReader(saved)) {
      ConfigFiles.load(restored, in);
    }
    onMailbox(
        a,
        () -> {
          a.replaceConfig(restored);
          return null;
        });
    server.close();
    server = new HttpsServer(new ManagedDevices(hv, devices), null);
    InetSocketAddress again =
        server.listen(new InetSocketAddress(devices.get(0).hostInetAddress(), 0));
    X509Certificate after =
        served(Ip4.toString(devices.get(0).hostAddress()) + ":" + again.getPort()).get(0);
    assertEquals(first, after, "the same certificate, key and all");
  }

  /** The chain {@code openssl s_client -showcerts} receives. */
  private List<X509Certificate> served(String host) throws Exception {
    String out =
        RealClient.run(driver, dir, List.of("openssl", "s_client", "-connect", host, "-showcerts"));
    List<X509Certificate> chain = new ArrayList<>();
    Matcher m =
        Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL)
            .matcher(out);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    while (m.find()) {
      chain.add(
          (X509Certificate)
              cf.generateCertificate(
                  new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
    }
    assertFalse(chain.isEmpty(), out);
    return chain;
  }
}
