package org.fwsim.testbench.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fwsim.firmware.sniffer.DeviceCaptures;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.testbench.cli.ChallengeOptions;
import org.fwsim.testbench.cli.PcapOptions;
import org.fwsim.testbench.mgmt.Descriptors;
import org.fwsim.testbench.mgmt.ManagedDevice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fwsim fleet}: N simulated FortiGates that stay up, reachable by the management planes at
 * their own addresses, until SIGINT or SIGTERM; then saved, and restored by the next start with the
 * same {@code --dir}.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
      "Boots N simulated FortiGates through the same firmware as the console and the storm, with "
          + "an embedded SCEP CA at "
          + FleetService.CA_URL
          + " unless --ca, writes DIR/inventory.csv and DIR/inventory.yml, and runs until SIGINT "
          + "or SIGTERM.",
      "On a signal it stops accepting, saves every device (DIR/devices/<name>.conf) and the CA "
          + "(DIR/ca) and exits 0; starting again with the same --dir restores the same fleet."
    })
public final class FleetCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--devices", required = true, paramLabel = "N", description = "Devices.")
  int devices;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "The fleet's directory: saved devices, the CA's depot, the inventories.")
  Path dir;

  @Option(
      names = "--vdoms",
      defaultValue = "1",
      paramLabel = "V",
      description = "VDOMs per device (default: ${DEFAULT-VALUE}).")
  int vdoms;

  @Option(
      names = "--template",
      paramLabel = "FILE",
      description = "FortiOS CLI template new devices are made from (default: the built-in one).")
  Path template;

  @Option(
      names = "--admin-password",
      paramLabel = "P",
      defaultValue = "fwsim",
      description = "Password of 'admin' on new devices, kept hashed (default: ${DEFAULT-VALUE}).")
  String adminPassword;

  @Option(
      names = "--ca",
      paramLabel = "URL",
      description = "Use this SCEP CA (on loopback) instead of starting the embedded one.")
  String caUrl;

  /** The embedded CA's challenge (default: the saved one, else random; printed). */
  @CommandLine.Mixin ChallengeOptions challenge = new ChallengeOptions();

  /** {@code --pcap DIR}, {@code --pcap-devices}: captures of chosen devices until the stop. */
  @CommandLine.Mixin PcapOptions pcap = new PcapOptions();

  @Option(
      names = "--ssh-port",
      paramLabel = "P",
      defaultValue = "0",
      description = "SSH port on every device's address (default: 22 where it can be bound).")
  int sshPort;

  @Option(
      names = "--https-port",
      paramLabel = "P",
      defaultValue = "0",
      description = "HTTPS port on every device's address (default: 443 where it can be bound).")
  int httpsPort;

  @Option(
      names = "--mgmt-interface",
      paramLabel = "NAME",
      defaultValue = "port1",
      description = "Each device's management interface (default: ${DEFAULT-VALUE}).")
  String mgmtInterface;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long booting or saving the fleet may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    FleetService.Settings settings;
    try {
      settings =
          new FleetService.Settings(
              new FleetPlan(devices, vdoms, Shard.ALL),
              dir,
              template == null ? null : FleetTemplate.load(template),
              adminPassword,
              caUrl,
              challenge.value(),
              mgmtInterface,
              Duration.ofSeconds(timeoutSeconds));
      FleetPlan plan = settings.plan();
      // An unknown device before anything boots.
      pcap.check(plan.indexes().mapToObj(i -> plan.device(i).devname()).toList());
    } catch (IllegalArgumentException e) {
      err.println("fwsim fleet: " + e.getMessage());
      return 2;
    }
    String shortfall =
        Descriptors.shortfall(
            devices, FleetPlanes.COUNT, Descriptors.limit().orElse(Long.MAX_VALUE));
    if (shortfall != null) {
      err.println("fwsim fleet: " + shortfall);
      return 1;
    }
    if (!spec.commandLine().getParseResult().hasMatchedOption("--admin-password")) {
      out.println("Admin password of every new device: " + adminPassword + " (user admin)");
    }
    CountDownLatch signalled = new CountDownLatch(1);
    Signals.onStop(signalled::countDown);
    int cores = Runtime.getRuntime().availableProcessors();
    // Real time, from the host's: certificates the fleet enrolls are valid now.
    SimClock clock = SimClock.realtime(Instant.now());
    try (Hypervisor hv =
        Hypervisor.builder(clock)
            .workers(Math.max(1, cores))
            .ioThreads(1)
            .keygenThreads(1)
            .build()) {
      FleetService fleet;
      try {
        fleet = FleetService.start(settings, hv, out, FleetPlanes.create(sshPort, httpsPort));
      } catch (IOException | IllegalArgumentException e) {
        err.println("fwsim fleet: " + e.getMessage());
        return 1;
      }
      DeviceCaptures captures;
      try {
        java.util.List<ManagedDevice> all = fleet.devices();
        captures =
            pcap.start(
                all.stream().map(ManagedDevice::name).toList(),
                i -> all.get(i).firmware(),
                settings.timeout(),
                out);
      } catch (IOException e) {
        err.println("fwsim fleet: " + e.getMessage());
        fleet.stop();
        return 1;
      }
      signalled.await();
      out.println("Stopping: saving " + fleet.devices().size() + " devices...");
      try {
        if (captures != null) {
          captures.close();
        }
        fleet.stop();
      } catch (IOException e) {
        err.println("fwsim fleet: " + e.getMessage());
        return 1;
      }
    }
    return 0;
  }
}
