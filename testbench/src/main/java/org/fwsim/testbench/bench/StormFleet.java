package org.fwsim.testbench.bench;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.testbench.fleet.AddressPlan;
import org.fwsim.testbench.fleet.DevicePlan;
import org.fwsim.testbench.fleet.FleetPlan;
import org.fwsim.testbench.fleet.Shard;

/**
 * The fleet of one storm run and what its phases share: the settings, the plan of this shard's
 * devices, their firmware once booted, the CA every certificate enrolls with, and the numbering of
 * certificates ({@code device * vdoms + k}, the storm's per-certificate arrays are indexed by it).
 */
final class StormFleet {

  /** The certificate name prefix; the VDOM name follows (names share the global store). */
  static final String CERT_PREFIX = "FWSIM_";

  /** Failures printed per run; the rest are only counted, by kind. */
  private static final int FAILURES_SHOWN = 5;

  final StormSettings settings;
  final PrintStream out;

  /** Real elapsed time of the run: what the phases' rates and latencies are measured in. */
  final RunClock wall;

  final FleetPlan plan;
  final int certificates;

  /** The CA's SCEP URL: {@code --ca}, or the embedded CA's. */
  final String caUrl;

  /** The challenge password every CSR carries ("" for none). */
  final String challenge;

  /**
   * With {@code --protocol est}: the CA certificates (PEM) each appliance verifies the EST server
   * with, set by {@link CaSetup#startEst} before the first enrollment; null for SCEP.
   */
  volatile String caPem;

  /** With {@code --protocol acme}: the certificates' domains, shared with the warm-up fleet. */
  final AcmeFleet acme;

  private final int[] indexes;
  private final AtomicInteger shownFailures = new AtomicInteger();
  private Firmware[] firmware = new Firmware[0];

  StormFleet(
      StormSettings settings, PrintStream out, RunClock wall, String caUrl, String challenge) {
    this(
        settings,
        out,
        wall,
        caUrl,
        challenge,
        new FleetPlan(settings.devices(), settings.vdoms(), settings.shard()),
        null,
        acmeFleet(settings));
  }

  /**
   * The fleet's ACME names and HTTP-01 port: against the embedded server, ports the host hands out
   * as each listener binds, the server told the bound one ({@link AcmeFleet#resolver}).
   */
  private static AcmeFleet acmeFleet(StormSettings settings) {
    return new AcmeFleet(
        settings.protocol() == EnrollProtocol.ACME2
            ? settings.acme().httpPort(settings.caUrl() != null)
            : AcmeOptions.DEFAULT_HTTP_PORT);
  }

  private StormFleet(
      StormSettings settings,
      PrintStream out,
      RunClock wall,
      String caUrl,
      String challenge,
      FleetPlan plan,
      int[] indexes,
      AcmeFleet acme) {
    this.settings = settings;
    this.out = out;
    this.wall = wall;
    this.plan = plan;
    this.indexes = indexes != null ? indexes : plan.indexes().toArray();
    this.certificates = this.indexes.length * settings.vdoms();
    this.caUrl = caUrl;
    this.challenge = challenge;
    this.acme = acme;
  }

  /**
   * {@code devices} warm-up appliances beside {@code fleet}: the last indexes of the address plan,
   * so that their names and addresses never meet the fleet's.
   */
  static StormFleet warmup(StormFleet fleet, int devices) {
    return warmup(fleet, devices, fleet.caUrl, fleet.challenge);
  }

  /**
   * {@link #warmup(StormFleet, int)} enrolling with another CA: {@code caUrl}, {@code challenge}.
   */
  static StormFleet warmup(StormFleet fleet, int devices, String caUrl, String challenge) {
    FleetPlan all = new FleetPlan(AddressPlan.MAX_DEVICES, fleet.settings.vdoms(), Shard.ALL);
    int[] top =
        IntStream.range(AddressPlan.MAX_DEVICES - devices, AddressPlan.MAX_DEVICES).toArray();
    StormFleet warm =
        new StormFleet(
            fleet.settings, fleet.out, fleet.wall, caUrl, challenge, all, top, fleet.acme);
    warm.caPem = fleet.caPem;
    return warm;
  }

  /** Devices of this shard. */
  int devices() {
    return indexes.length;
  }

  /** The plan of the shard's {@code i}-th device. */
  DevicePlan device(int i) {
    return plan.device(indexes[i]);
  }

  /** The booted firmware of the shard's devices, in order (empty before the boot). */
  Firmware[] firmware() {
    return firmware;
  }

  Firmware firmware(int device) {
    return firmware[device];
  }

  /** Called once, by the boot. */
  void booted(Firmware[] booted) {
    this.firmware = booted.clone();
  }

  /** Lets the booted firmware go at the end of the run (so the heap can show what it held). */
  void release() {
    this.firmware = new Firmware[0];
  }

  /** The number of VDOM {@code k}'s certificate on device {@code device}. */
  int ordinal(int device, int k) {
    return device * settings.vdoms() + k;
  }

  /** The number of the storm's certificate {@code name} on {@code device}, or -1 for another. */
  int ordinal(int device, String name) {
    if (!name.startsWith(CERT_PREFIX)) {
      return -1;
    }
    int k = device(device).vdoms().indexOf(name.substring(CERT_PREFIX.length()));
    return k < 0 ? -1 : ordinal(device, k);
  }

  static String certificateName(String vdom) {
    return CERT_PREFIX + vdom;
  }

  /** The CLI lines that enter a VDOM of a multi-VDOM appliance; {@code end} leaves it again. */
  static String enterVdom(String vdom) {
    return "config vdom\nedit " + vdom + "\n";
  }

  /** Prints {@code fwsim: line}. */
  void say(String line) {
    out.println("fwsim: " + line);
  }

  /**
   * Prints a failure of appliance {@code device} as {@code fwsim: <devname><what>}, if it is one of
   * the first few of the run.
   */
  void sayFailure(int device, String what) {
    if (shownFailures.getAndIncrement() < FAILURES_SHOWN) {
      say(device(device).devname() + what);
    }
  }

  /** Waits up to {@code --timeout} for a future of the run. */
  <T> T await(Future<T> f) throws ExecutionException, InterruptedException, TimeoutException {
    return f.get(settings.timeout().toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Waits up to {@code --timeout} for {@code latch}; a timeout names the phase and what is left.
   */
  void await(CountDownLatch latch, String what) throws TimeoutException, InterruptedException {
    if (!latch.await(settings.timeout().toSeconds(), TimeUnit.SECONDS)) {
      throw unfinished(latch, what);
    }
  }

  /** The failure of a wait for {@code latch} that took {@code --timeout}. */
  TimeoutException unfinished(CountDownLatch latch, String what) {
    return new TimeoutException(
        what
            + ": "
            + latch.getCount()
            + " certificate(s) unfinished after "
            + settings.timeout().toSeconds()
            + " s");
  }
}
