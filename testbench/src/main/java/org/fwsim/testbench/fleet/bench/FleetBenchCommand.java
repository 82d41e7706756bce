package org.fwsim.testbench.fleet.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fwsim.firmware.Firmware;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.net.Ip4;
import org.fwsim.testbench.fleet.FleetPlan;
import org.fwsim.testbench.fleet.FleetPlanes;
import org.fwsim.testbench.fleet.FleetService;
import org.fwsim.testbench.fleet.Shard;
import org.fwsim.testbench.mgmt.Descriptors;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;
import org.fwsim.testbench.mgmt.ManagementPlane;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fwsim fleet-bench}: the fleet's targets, measured in one run and printed. It boots a fleet
 * as {@code fwsim fleet} does, weighs the heap, starts SSH and HTTPS, weighs it again (the
 * management planes' share per idle device), measures idle CPU over a window, then runs SSH
 * sessions all at once and REST requests at a fixed rate against it from the same process.
 */
@Command(
    name = "fleet-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures a fleet against its targets and prints the figures: heap per idle device added by "
          + "the management planes (<= 10 KiB), idle CPU (< 5 %% of one core), SSH sessions at "
          + "once (all complete), REST requests per second (500 sustained).",
      "Clients run in this process too: on a shared machine, say the load next to the figures."
    })
public final class FleetBenchCommand implements Callable<Integer> {
  private static final String PASSWORD = "fwsim";

  @Option(names = "--devices", defaultValue = "10000", description = "Devices (${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--idle-seconds",
      defaultValue = "60",
      description = "Idle CPU window (${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(
      names = "--ssh-sessions",
      defaultValue = "200",
      description = "SSH sessions at once (${DEFAULT-VALUE}).")
  int sshSessions;

  @Option(
      names = "--rest-rate",
      defaultValue = "500",
      description = "REST requests per second (${DEFAULT-VALUE}).")
  int restRate;

  @Option(
      names = "--rest-seconds",
      defaultValue = "30",
      description = "REST window after 5 s of warm-up (${DEFAULT-VALUE}).")
  int restSeconds;

  @Option(
      names = "--rest-devices",
      defaultValue = "100",
      description =
          "Devices the REST load spreads over, evenly across the fleet (${DEFAULT-VALUE}).")
  int restDevices;

  @Option(
      names = "--dir",
      description = "The fleet's directory (default: a temporary one, deleted after).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    // Before the JDK's HTTP client loads: the devices' certificates name serials, not addresses.
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    long fdLimit = Descriptors.limit().orElse(Long.MAX_VALUE);
    String shortfall = Descriptors.shortfall(devices, FleetPlanes.COUNT, fdLimit);
    if (shortfall != null) {
      System.err.println("fwsim fleet-bench: " + shortfall);
      return 1;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(
        "fleet-bench: %d devices, %d cores, load average %.2f, max heap %d MiB, descriptor limit"
            + " %d%n",
        devices,
        cores,
        ProcessMeter.loadAverage(),
        Runtime.getRuntime().maxMemory() >> 20,
        fdLimit);
    Path root = dir != null ? dir : Files.createTempDirectory("fwsim-fleet-bench");
    boolean ok;
    try (Hypervisor hv =
        Hypervisor.builder(SimClock.realtime(Instant.now()))
            .workers(Math.max(1, cores))
            .ioThreads(1)
            .keygenThreads(1)
            .build()) {
      ok = measure(hv, root, out);
    } finally {
      if (dir == null) {
        deleteTree(root);
      }
    }
    return ok ? 0 : 3;
  }

  private boolean measure(Hypervisor hv, Path root, PrintStream out) throws Exception {
    long bootStart = System.nanoTime();
    FleetService fleet =
        FleetService.start(
            new FleetService.Settings(
                new FleetPlan(devices, 1, Shard.ALL),
                root,
                null,
                PASSWORD,
                null,
                null,
                "port1",
                Duration.ofMinutes(10)),
            hv,
            out,
            List.of());
    boolean pass = true;
    List<ManagementPlane> planes = FleetPlanes.create(0, 0);
    try {
      out.printf("boot: %.1f s%n", (System.nanoTime() - bootStart) / 1e9);
      long without = ProcessMeter.heapAfterGc();
      long fdsWithout = Descriptors.open();
      long planesStart = System.nanoTime();
      ManagedDevices directory = new ManagedDevices(hv, fleet.devices());
      for (ManagementPlane p : planes) {
        p.start(directory);
      }
      long with = ProcessMeter.heapAfterGc();
      double perDevice = (with - without) / (double) devices;
      out.printf(
          "Fleet ready with SSH and HTTPS: planes started in %.1f s; %d file descriptors open%n",
          (System.nanoTime() - planesStart) / 1e9, Descriptors.open());
      pass &=
          verdict(
              out,
              String.format(
                  "heap after GC: %.1f MiB without the planes, %.1f MiB with them: %.2f KiB per"
                      + " idle device (target <= 10 KiB)",
                  without / 1048576.0, with / 1048576.0, perDevice / 1024),
              perDevice <= 10 * 1024);

      long cpu0 = ProcessMeter.cpuNanos();
      long wall0 = System.nanoTime();
      TimeUnit.SECONDS.sleep(idleSeconds); // the idle window itself
      double idle = 100.0 * (ProcessMeter.cpuNanos() - cpu0) / (double) (System.nanoTime() - wall0);
      pass &=
          verdict(
              out,
              String.format(
                  "idle CPU over %d s: %.2f %% of one core (load average %.2f; target < 5 %%)",
                  idleSeconds, idle, ProcessMeter.loadAverage()),
              idle < 5);

      long idleFds = Descriptors.open();
      try (DescriptorPeak fds = new DescriptorPeak()) {
        pass &= ssh(fleet.devices(), planes.get(0), out);
        pass &= rest(fleet.devices(), planes.get(1), out);
        out.printf(
            "file descriptors: %d open before the planes, %d with them when idle (%.3f per"
                + " device), at most %d while the clients ran; limit %d%n",
            fdsWithout,
            idleFds,
            (idleFds - fdsWithout) / (double) devices,
            fds.peak(),
            Descriptors.limit().orElse(-1));
      }
    } finally {
      for (ManagementPlane p : planes) {
        p.close();
      }
      fleet.stop();
    }
    out.println(pass ? "fleet-bench: every target met" : "fleet-bench: a target was missed");
    return pass;
  }

  private boolean ssh(List<ManagedDevice> all, ManagementPlane plane, PrintStream out)
      throws InterruptedException {
    List<SshBurst.Target> targets = new ArrayList<>();
    for (ManagedDevice d : spread(all, sshSessions)) {
      InetSocketAddress at = plane.endpointOf(d).orElseThrow();
      targets.add(new SshBurst.Target(at, d.name()));
    }
    SshBurst.Result r = SshBurst.run(targets, FleetService.ADMIN, PASSWORD, Duration.ofMinutes(2));
    String line =
        String.format(
            "ssh: %d sessions at once (login, 'get system status'): %d ok, %d errors in %.1f s;"
                + " per session p50 %d ms, p99 %d ms, max %d ms (target: all complete)",
            r.sessions(),
            r.ok(),
            r.errors().size(),
            r.wall().toMillis() / 1000.0,
            r.latencyMs().getValueAtPercentile(50),
            r.latencyMs().getValueAtPercentile(99),
            r.latencyMs().getMaxValue());
    r.errors().stream().limit(5).forEach(e -> out.println("  ssh error: " + e));
    return verdict(out, line, r.errors().isEmpty());
  }

  private boolean rest(List<ManagedDevice> all, ManagementPlane plane, PrintStream out)
      throws Exception {
    List<RestLoad.Target> targets = new ArrayList<>();
    for (ManagedDevice d : spread(all, restDevices)) {
      InetSocketAddress at = plane.endpointOf(d).orElseThrow();
      targets.add(
          new RestLoad.Target(
              "https://" + Ip4.toString(d.hostAddress()) + ":" + at.getPort(), token(d)));
    }
    RestLoad load = new RestLoad(targets);
    long warmFailed = load.warm();
    load.run(restRate, Duration.ofSeconds(5));
    RestLoad.Result r = load.run(restRate, Duration.ofSeconds(restSeconds));
    String line =
        String.format(
            "rest: %d requests/s asked for %d s over %d devices (9 GET : 1 PUT, token): %.0f"
                + " requests/s answered 200, p50 %.1f ms, p99 %.1f ms, %d errors (%d at warm-up)"
                + " (target: 500/s sustained)",
            restRate,
            restSeconds,
            targets.size(),
            r.rate(),
            r.latencyMicros().getValueAtPercentile(50) / 1000.0,
            r.latencyMicros().getValueAtPercentile(99) / 1000.0,
            r.errors(),
            warmFailed);
    return verdict(out, line, r.errors() == 0 && r.rate() >= Math.min(500, restRate) * 0.98);
  }

  /** An API token for the device's {@code bench} api-user (super_admin), made on its CLI. */
  private static String token(ManagedDevice d) throws Exception {
    Firmware fw = d.firmware();
    String answer =
        fw.appliance()
            .call(
                () ->
                    fw.newSession()
                        .run(
                            "config system api-user\nedit bench\nset accprofile super_admin\n"
                                + "next\nend\nexecute api-user generate-key bench"))
            .get(60, TimeUnit.SECONDS);
    Matcher m = Pattern.compile("New API key: (\\S+)").matcher(answer);
    if (!m.find()) {
      throw new IllegalStateException(d.name() + ": no API key: " + answer);
    }
    return m.group(1);
  }

  /** {@code count} devices spread evenly over the fleet. */
  private static List<ManagedDevice> spread(List<ManagedDevice> all, int count) {
    int n = Math.min(count, all.size());
    List<ManagedDevice> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(all.get((int) ((long) i * all.size() / n)));
    }
    return out;
  }

  private static boolean verdict(PrintStream out, String line, boolean met) {
    out.println(line + (met ? "  MET" : "  MISSED"));
    out.flush();
    return met;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
