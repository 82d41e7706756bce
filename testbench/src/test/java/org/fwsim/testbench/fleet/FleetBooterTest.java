package org.fwsim.testbench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.egress.EgressDaemon;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.Fixtures;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestHypervisors;
import org.fwsim.testbench.ca.AccessLog;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.ca.TestCas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet devices boot through the console's path, egress daemon included: a template's {@code config
 * vpn certificate setting} and SD-WAN rules steer each device's enrollment out of the interface
 * they name (the CA's access log shows the loopback image of that interface's address), SD-WAN
 * health runs only where the template enables it, and a configuration the simulator cannot carry
 * stops the boot naming the device.
 */
class FleetBooterTest {

  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  private static final String CA = "10.5.149.111";
  private static final String URL = "http://" + CA + "/app/cert/scep/";
  private static final String CHALLENGE = "fleet-egress";

  /** One VDOM, port1 and port2 in it, the default route through port1. */
  private static final String BASE = Fixtures.text("/fixtures/FleetBooterTest/base.conf");

  private static final String SPECIFY_PORT2 =
      BASE
          + """
      config vpn certificate setting
          set interface-select-method specify
          set interface "port2"
      end
      """;

  /** SD-WAN over both ports, a TCP health check to the CA, a rule to the CA preferring port2. */
  private static final String SDWAN_PREFERS_PORT2 =
      BASE + Fixtures.text("/fixtures/FleetBooterTest/sdwan-prefers-port2.conf");

  private Hypervisor hv;
  private ScepCa ca;

  @BeforeEach
  void start() {
    hv = TestHypervisors.builder(START).keyPoolCapacity(4).build();
    ca = TestCas.onUnderlay(hv, CHALLENGE, CA);
  }

  @AfterEach
  void stop() {
    ca.close();
    hv.close();
  }

  @Test
  void specifyInTheTemplateSendsEachDevicesEnrollmentOutOfPort2() throws Exception {
    FleetBooter booter = booter(SPECIFY_PORT2);
    for (int index : new int[] {0, 7}) {
      DevicePlan plan = DevicePlan.of(index, 1);
      Firmware fw = boot(booter, plan);
      assertInstanceOf(EgressDaemon.class, fw.egress(), "the egress daemon is attached");
      assertNull(((EgressDaemon) fw.egress()).sdwanStatus("root"), "no SD-WAN, no health daemon");

      List<String> sources = enroll(fw, "C" + index);

      assertEquals(
          List.of(hostImage(fw, plan.ports().get(1).ip())),
          sources,
          "every request of "
              + plan.devname()
              + " leaves from port2's address, not the route's port1");
    }
  }

  @Test
  void sdwanHealthRunsPerDeviceAndItsRuleChoosesPort2() throws Exception {
    FleetBooter booter = booter(SDWAN_PREFERS_PORT2.formatted("tcp-connect"));
    DevicePlan plan = DevicePlan.of(3, 1);
    Firmware fw = boot(booter, plan);
    EgressDaemon egress = assertInstanceOf(EgressDaemon.class, fw.egress());
    assertNotNull(egress.sdwanStatus("root"), "the template enables SD-WAN: a health daemon runs");

    // Health rounds: the probes reach the CA through each member, so both come alive.
    for (int i = 0; i < 4; i++) {
      hv.clock().advance(Duration.ofMillis(1000));
      settle();
    }

    assertEquals(
        List.of(hostImage(fw, plan.ports().get(1).ip())),
        enroll(fw, "SDWAN1"),
        "the rule's first priority member, port2, carries the enrollment");
  }

  @Test
  void aHealthCheckTheSimulatorCannotCarryStopsTheBootNamingTheDevice() {
    FleetBooter booter = booter(SDWAN_PREFERS_PORT2.formatted("twamp"));
    CompletableFuture<Firmware> boot = booter.boot(DevicePlan.of(5, 1));
    hv.runUntilIdle();

    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> boot.get(5, TimeUnit.SECONDS));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("FGT-00005"), e.getCause().getMessage());
    assertTrue(
        e.getCause().getMessage().contains("protocol twamp is not simulated"),
        e.getCause().getMessage());
  }

  private FleetBooter booter(String template) {
    return new FleetBooter(
        hv,
        FleetTemplate.parse(template, "egress-test.conf"),
        Map.of("ca_url", URL, "scep_password", CHALLENGE, "cert_name", "C"),
        FirmwareCommands.newRegistry());
  }

  private Firmware boot(FleetBooter booter, DevicePlan plan) throws Exception {
    CompletableFuture<Firmware> f = booter.boot(plan);
    drive(f::isDone, "boot of " + plan.devname());
    return f.get();
  }

  /** {@code generate} on the device's CLI; returns the client addresses the CA saw (no ports). */
  private List<String> enroll(Firmware fw, String name) throws Exception {
    int before = ca.accessLog().entries().size();
    List<String> console = new CopyOnWriteArrayList<>();
    fw.setConsoleSink(console::add);
    CompletableFuture<String> answer =
        fw.appliance()
            .call(
                () ->
                    fw.newSession()
                        .run(
                            "execute vpn certificate local generate rsa "
                                + name
                                + " 2048 "
                                + name
                                + " US CA Sunnyvale Fortinet fwsim \"\" \"\" "
                                + URL
                                + " "
                                + CHALLENGE));
    drive(
        () ->
            console.stream()
                .anyMatch(
                    l -> l.startsWith("Certificate " + name + ": e") && !l.contains("enrolling")),
        "enrollment of " + name);
    assertTrue(answer.get().contains("enrolling with SCEP server"), answer.get());
    assertTrue(
        console.stream().anyMatch(l -> l.startsWith("Certificate " + name + ": enrolled")),
        console::toString);
    fw.setConsoleSink(null);
    List<AccessLog.Entry> all = ca.accessLog().entries();
    assertFalse(all.size() == before, "the CA saw requests");
    return all.subList(before, all.size()).stream()
        .map(e -> e.source().substring(0, e.source().lastIndexOf(':')))
        .distinct()
        .toList();
  }

  private String hostImage(Firmware fw, String simAddress) {
    return Ip4.toString(hv.underlay().hostAddressOf(fw.appliance().id(), Ip4.parse(simAddress)));
  }

  private void drive(BooleanSupplier done, String what) {
    HypervisorDriver.of(hv)
        .doWorkUntil(done, HypervisorDriver.DEFAULT_TIMEOUT, () -> what + " did not finish");
  }

  private void settle() {
    HypervisorDriver.of(hv).settle(Duration.ofSeconds(10));
  }
}
