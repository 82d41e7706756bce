package org.fwsim.firmware.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.log.LogId;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An appliance enrolls an {@code enroll-protocol acme2} certificate from Debian's pebble and
 * forticron renews it when {@code acme-renew-window} days remain: pebble reaches the appliance's
 * HTTP-01 answer on the loopback image of port1's address, through its mock DNS; openssl verifies
 * what was stored against pebble's root and intermediate.
 */
class FirmwareAcmePebbleTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void enrollsFromPebbleAndRenewsInTheWindow() throws Exception {
    Path openssl = Peer.OPENSSL.require();
    try (PebbleServer pebble = PebbleServer.start(dir, Duration.ofDays(90));
        // pebble stamps certificates with the host's time: the appliance starts there.
        Hypervisor hv =
            TestHypervisors.builder(Instant.now().plusSeconds(60))
                .nio(true)
                .keyPoolCapacity(2)
                .build()) {
      HypervisorDriver driver = HypervisorDriver.of(hv);
      Appliance a = hv.newAppliance("FGVM01TM26000018", "FGT-ACME");
      Firmware fw =
          await(
              driver,
              Firmware.boot(
                  hv, a, Firmware.labDefault("FGT-ACME"), FirmwareCommands.newRegistry()));
      StringBuffer console = new StringBuffer();
      fw.setConsoleSink(line -> console.append(line).append('\n'));
      int port1 = a.findInterface("port1").orElseThrow().address();
      pebble.addA("fw1.test", Ip4.toString(hv.underlay().hostAddressOf(a.id(), port1)));
      CliSession cli = await(driver, a.call(fw::newSession));
      String tlsRoot = PemCodec.certificates(List.of(pebble.tlsRoot()));
      await(
          driver,
          a.call(
              () -> {
                fw.config()
                    .createEntry("root", "vpn certificate ca", "pebble_tls", Map.of("ca", tlsRoot));
                cli.execute("diagnose debug application acme -1");
                return cli.execute("diagnose debug enable");
              }));
      StringBuilder commit = new StringBuilder();
      for (String line :
          List.of(
              "sim acme http-port " + pebble.httpPort(),
              "config system acme",
              "set interface port1",
              "end",
              "config vpn certificate local",
              "edit fw1_acme",
              "set enroll-protocol acme2",
              "set acme-ca-url " + pebble.directory(),
              "set acme-domain fw1.test",
              "set acme-email admin@fw1.test",
              "next",
              "end")) {
        commit.append(await(driver, a.call(() -> cli.execute(line))));
      }
      driver.doWorkUntil(
          () -> held(a).isPresent(),
          WAIT,
          () -> commit + "\n" + console + log(fw) + pebble.output());
      X509Certificate first = held(a).orElseThrow().certificate();
      assertEquals("fw1.test", first.getSubjectAlternativeNames().iterator().next().get(1));
      verify(openssl, pebble, held(a).orElseThrow());
      String show = await(driver, a.call(() -> cli.execute("show vpn certificate local fw1_acme")));
      assertTrue(show.contains("set certificate \"-----BEGIN CERTIFICATE-----"), show);
      assertTrue(
          fw.eventLog().entries().stream().anyMatch(e -> e.id() == LogId.AUTO_GEN_CERT_SUCC),
          () -> log(fw));

      String details =
          await(driver, a.call(() -> cli.execute("get vpn certificate local details fw1_acme")));
      assertTrue(
          details.contains(
              "ACME details:\nStatus: The certificate for the managed domain has been renewed"
                  + " successfully and can be used (valid since "),
          details);
      assertTrue(details.endsWith(").\nStaging status: Nothing in staging\n"), details);
      assertTrue(
          commit.toString().contains("ACME http-01 port: " + pebble.httpPort() + "\n"),
          commit::toString);
      String acme = await(driver, a.call(() -> cli.execute("show system acme")));
      assertTrue(acme.contains("set ca_url \"" + pebble.directory() + "\""), acme);
      assertTrue(acme.contains("set status \"valid\""), acme);

      // 61 of 90 days later the 30-day renew window is open: forticron renews over ACME.
      await(driver, a.call(() -> cli.execute("sim clock advance 61d")));
      driver.doWorkUntil(
          () -> !held(a).orElseThrow().certificate().equals(first),
          WAIT,
          () -> console + log(fw) + pebble.output());
      LocalCertificate renewed = held(a).orElseThrow();
      assertNotEquals(first.getSerialNumber(), renewed.certificate().getSerialNumber());
      assertNotEquals(first.getPublicKey(), renewed.certificate().getPublicKey());
      verify(openssl, pebble, renewed);
      // The renewal ordered under the account the first enrollment registered.
      assertEquals(
          1,
          await(driver, a.call(() -> fw.config().global().singleton("system acme")))
              .table("accounts")
              .size());
      // forticron's own entries for the renewal; pebble's certificate starts at the host's time,
      // behind the stepped clock, so forticron also backs off rather than renewing in a loop.
      assertTrue(
          fw.eventLog().entries().stream()
              .anyMatch(e -> e.id() == LogId.VPN_CERT_UPDATE && "fw1_acme".equals(e.field("name"))),
          () -> log(fw));
      assertTrue(console.toString().contains("acme_http01"), console::toString);
    }
  }

  private static java.util.Optional<LocalCertificate> held(Appliance a) {
    return a.globalCerts()
        .snapshot()
        .findLocal("fw1_acme")
        .filter(LocalCertificate::hasCertificate);
  }

  private void verify(Path openssl, PebbleServer pebble, LocalCertificate cert) throws Exception {
    PeerRun run = pebble.verify(openssl, dir, PemCodec.certificates(List.of(cert.certificate())));
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.stdout().contains("leaf.pem: OK"), run::toString);
  }

  private static String log(Firmware fw) {
    StringBuilder b = new StringBuilder();
    fw.eventLog().entries().forEach(e -> b.append(e).append('\n'));
    return b.toString();
  }

  private static <T> T await(HypervisorDriver driver, CompletableFuture<T> f) throws Exception {
    return driver.await(f, WAIT);
  }
}
