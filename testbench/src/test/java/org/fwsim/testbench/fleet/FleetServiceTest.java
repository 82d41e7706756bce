package org.fwsim.testbench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.admin.AdminCredential;
import org.fwsim.firmware.admin.AdminLogin;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.net.Ip4;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet service in-process: three devices booted into a directory, the inventories, a stop
 * (what SIGTERM runs) and a start from the same directory that finds the same fleet.
 */
class FleetServiceTest {
  private static final String CHALLENGE = "fleet-test";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void bootsWritesInventoriesStopsAndRestoresTheSameFleet() throws Exception {
    String serial0;
    String certificate;
    String hash;
    try (Hypervisor hv = hypervisor()) {
      FleetService fleet = FleetService.start(settings(), hv, out, List.of());
      List<ManagedDevice> devices = fleet.devices();
      assertEquals(3, devices.size());
      assertTrue(
          printed
              .toString()
              .contains("Embedded CA: " + FleetService.CA_URL + " challenge ********"),
          printed::toString);
      assertTrue(printed.toString().contains("Fleet ready: 3 devices"), printed::toString);

      List<String> csv = Files.readAllLines(dir.resolve("inventory.csv"));
      assertEquals("name,serial,mgmt_ip,ssh,https", csv.get(0));
      assertEquals(4, csv.size(), csv::toString);
      ManagedDevice d0 = devices.get(0);
      assertEquals(
          "FGT-00000," + d0.serial() + "," + AddressPlan.portAddress(0, 1) + ",,", csv.get(1));
      assertTrue(Ip4.isLoopback(d0.hostAddress()), Ip4.toString(d0.hostAddress()));
      String yaml = Files.readString(dir.resolve("inventory.yml"));
      assertTrue(yaml.contains("        FGT-00002:\n"), yaml);
      assertTrue(yaml.contains("serial: " + devices.get(2).serial()), yaml);

      // The admin password is the fleet's, kept hashed; management access is on port1.
      Firmware fw0 = d0.firmware();
      AdminLogin login =
          get(
              fw0.admins()
                  .authenticateAsync("admin", AdminCredential.password("s3cret"), 1, "ssh"));
      assertTrue(login.accepted(), login::toString);
      hash = on(fw0, () -> admin(fw0).text("password"));
      assertTrue(hash.startsWith("SH2"), hash);
      String allow =
          on(
              fw0,
              () ->
                  fw0.config()
                      .global()
                      .table("system interface")
                      .get("port1")
                      .list("allowaccess")
                      .toString());
      assertTrue(allow.contains("ssh") && allow.contains("https"), allow);

      // A certificate enrolled from the embedded CA, and a setting changed at the CLI.
      String answer =
          on(
              fw0,
              () ->
                  fw0.newSession()
                      .run(
                          "execute vpn certificate local generate rsa fleetcert 2048 FGT-00000"
                              + " US CA Sunnyvale Fortinet fwsim \"\" \"\" "
                              + FleetService.CA_URL
                              + " "
                              + CHALLENGE));
      assertTrue(answer.contains("enrolling with SCEP server"), answer);
      get(fw0.whenIdle());
      certificate = on(fw0, () -> local(fw0).text("certificate"));
      assertTrue(certificate.contains("BEGIN CERTIFICATE"), certificate);
      Firmware fw1 = devices.get(1).firmware();
      on(fw1, () -> fw1.newSession().run("config system global\nset admintimeout 42\nend"));
      serial0 = d0.serial();
      // Saved at each commit, not only at the stop: a kill -9 here would keep both.
      String base64Line = certificate.lines().skip(1).findFirst().orElseThrow();
      assertTrue(Files.readString(dir.resolve("devices/FGT-00000.conf")).contains(base64Line));
      assertTrue(
          Files.readString(dir.resolve("devices/FGT-00001.conf")).contains("set admintimeout 42"));

      fleet.stop();
      assertTrue(Files.exists(dir.resolve("devices/FGT-00002.conf")));
      assertTrue(printed.toString().contains("Fleet saved: 3 devices"), printed::toString);
      fleet.stop(); // idempotent
    }
    assertFalse(Files.list(dir.resolve("devices")).anyMatch(p -> p.toString().endsWith(".tmp")));

    printed.reset();
    try (Hypervisor hv = hypervisor()) {
      FleetService again =
          FleetService.start(
              new FleetService.Settings(
                  new FleetPlan(3, 1, Shard.ALL), dir, null, "other", null, null, "port1", WAIT),
              hv,
              out,
              List.of());
      assertTrue(printed.toString().contains("Restored 3 of 3 devices"), printed::toString);
      assertTrue(
          printed.toString().contains("challenge " + CHALLENGE), "the CA's challenge is kept");
      ManagedDevice d0 = again.devices().get(0);
      Firmware fw0 = d0.firmware();
      assertEquals(serial0, d0.serial());
      assertEquals(serial0, fw0.appliance().serial());
      assertEquals(certificate, on(fw0, () -> local(fw0).text("certificate")));
      assertEquals(hash, on(fw0, () -> admin(fw0).text("password")));
      assertTrue(
          get(fw0.admins().authenticateAsync("admin", AdminCredential.password("s3cret"), 1, "ssh"))
              .accepted(),
          "a restored device keeps its password");
      Firmware fw1 = again.devices().get(1).firmware();
      assertEquals(
          "42",
          on(fw1, () -> fw1.config().global().singleton("system global").text("admintimeout")));
      again.stop();
    }
  }

  private FleetService.Settings settings() {
    return new FleetService.Settings(
        new FleetPlan(3, 1, Shard.ALL), dir, null, "s3cret", null, CHALLENGE, "port1", WAIT);
  }

  private static Hypervisor hypervisor() {
    return Hypervisor.builder(SimClock.realtime(Instant.now()))
        .workers(1)
        .ioThreads(1)
        .keygenThreads(1)
        .keyPoolCapacity(4)
        .build();
  }

  private static ConfigObject admin(Firmware fw) {
    return fw.config().global().table("system admin").get("admin");
  }

  private static ConfigObject local(Firmware fw) {
    return fw.config().vdom("root").table("vpn certificate local").get("fleetcert");
  }

  private static <T> T on(Firmware fw, Callable<T> task) throws Exception {
    return get(fw.appliance().call(task));
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
