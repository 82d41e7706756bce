package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.firmware.sniffer.DeviceCaptures;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.ClockMode;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.testbench.ca.EstServer;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.cli.PcapOptions;
import org.fwsim.testbench.dns.FleetDnsServer;
import org.fwsim.testbench.fleet.AddressPlan;
import org.fwsim.testbench.fleet.FleetTemplate;
import org.fwsim.testbench.probe.JvmDescription;
import org.fwsim.testbench.probe.ProcessProbes;
import org.fwsim.testbench.report.HdrCodec;
import org.fwsim.testbench.report.Progress;
import org.fwsim.testbench.report.PrometheusEndpoint;
import org.fwsim.testbench.report.RunMeters;
import org.fwsim.testbench.report.model.BoundResult;
import org.fwsim.testbench.report.model.PhaseResult;
import org.fwsim.testbench.report.model.RoundResult;
import org.fwsim.testbench.report.model.RunResults;
import org.fwsim.testbench.report.model.ShardRecord;
import org.fwsim.testbench.shard.RunId;
import org.fwsim.testbench.shard.StormStart;

/**
 * The storm, end to end, as a sequence of phases: the CA ({@link CaSetup}), the key pool ({@link
 * KeygenPhase}), the fleet booted through {@link Firmware} ({@link FleetBoot}), every certificate
 * enrolled ({@link EnrollmentPhase}), the virtual clock set to the renewal point so that forticron
 * renews every certificate at once ({@link RenewalPhase}), the end-of-run check ({@link
 * StormVerifier}), and finally the crypto bound measured in the same process.
 *
 * <p>Boot and enrollment run with the clock in REALTIME so that forticron's daily timers cannot run
 * ahead while the fleet settles; the storm runs in FAST_FORWARD, where the scheduler moves time on
 * only when the hypervisor's activity is quiet (retries, CertPolls).
 */
public final class StormRun {

  /** What the run produced: the results, and the end-of-run check of every certificate. */
  public record Outcome(
      RunResults results, long certificates, long valid, long renewed, List<String> problems) {
    /** Every device ended with a valid certificate that the storm replaced. */
    public boolean allRenewed() {
      return valid == certificates && renewed == certificates;
    }
  }

  private final StormSettings settings;
  private final StormFleet fleet;
  private final ScepAdmission admission;

  /** The admission's bound at the start, 0 for none: the most it allows. */
  private final int inFlightBound;

  private final RunSteps steps;
  private final int rounds;

  /** Warm-up appliances outside the fleet ({@link WarmupPhase}), 0 for no warm-up. */
  private final int warmupDevices;

  /** When the storm starts ({@code --storm-at}) and the run's identity, shared by its shards. */
  private final ShardStart shardStart;

  /** The crypto bound's slowest, median and fastest slice, once measured. */
  private String boundSlices = "";

  /** {@code --pcap}: the captures chosen, started after the boot; null without. */
  private final PcapOptions pcap;

  private DeviceCaptures captures;

  private StormRun(
      StormSettings settings,
      PrintStream out,
      RunClock wall,
      int rounds,
      int warmupDevices,
      ShardStart shardStart,
      PcapOptions pcap) {
    this.shardStart = shardStart;
    if (warmupDevices < 0) {
      throw new IllegalArgumentException("--warmup must be 0 (none) or more, got " + warmupDevices);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
    }
    this.rounds = rounds;
    this.settings = settings;
    this.fleet =
        new StormFleet(settings, out, wall, CaSetup.url(settings), CaSetup.challenge(settings));
    int limit =
        settings.maxInFlight() != 0
            ? settings.maxInFlight()
            : automaticBound(
                fleet.certificates,
                settings.caUrl() == null,
                ProcessProbes.freeFileDescriptors(),
                Runtime.getRuntime().availableProcessors());
    this.inFlightBound = limit;
    this.admission = limit == 0 ? ScepAdmission.UNLIMITED : ScepAdmission.bounded(limit);
    this.steps = new RunSteps(wall);
    // Warm-up appliances take the top of the address plan: another shard's process may hold it,
    // and an external CA dates certificates from the host's clock, which the warm-up moves past.
    boolean warmable =
        settings.shard().count() == 1
            && settings.caUrl() == null
            && settings.devices() + warmupDevices <= AddressPlan.MAX_DEVICES;
    this.warmupDevices = warmable ? warmupDevices : 0;
    this.pcap = pcap == null || pcap.dir == null ? null : pcap;
  }

  private List<String> deviceNames() {
    return IntStream.range(0, fleet.devices()).mapToObj(i -> fleet.device(i).devname()).toList();
  }

  /**
   * Descriptors kept free for everything but SCEP connections: jars, epoll, the Prometheus port.
   */
  static final int RESERVED_DESCRIPTORS = 512;

  /**
   * SCEP transactions in flight per core when the user gave no bound; see {@link #automaticBound}.
   */
  static final int IN_FLIGHT_PER_CORE = 32;

  /**
   * The bound on SCEP transactions in flight when the user gave none: 0 (no bound) while the whole
   * fleet fits, else the smaller of two limits.
   *
   * <ul>
   *   <li>Open files: a transaction holds one connection at a time, two descriptors with the
   *       embedded CA (its side is in this process too), one with an external CA. 20,000
   *       certificates under a 20,000-file limit failed with "Too many open files".
   *   <li>Waiting at the CA: a request must be answered within the transport's 30-second step
   *       timeout, and the CA serves a few at once (one worker per core). On a shared 2-core
   *       machine the embedded CA answered 25 enrollments a second: 1,000 per core in flight waited
   *       40 s, and timed out before their retries succeeded. 64 per core wait 5 s at that rate and
   *       still keep every core busy, so the queue is the transport's, before the first request,
   *       where no step timeout runs (a FortiGate's outstanding work waits as well).
   * </ul>
   *
   * @param freeDescriptors what the process may still open, -1 when unknown (then only the per-core
   *     limit)
   */
  static int automaticBound(
      long certificates, boolean embeddedCa, long freeDescriptors, int cores) {
    long fit = (long) IN_FLIGHT_PER_CORE * Math.max(1, cores);
    if (freeDescriptors >= 0) {
      long perTransaction = embeddedCa ? 2 : 1;
      fit = Math.min(fit, Math.max(1, (freeDescriptors - RESERVED_DESCRIPTORS) / perTransaction));
    }
    return certificates <= fit ? 0 : (int) fit;
  }

  /** Runs the whole storm and prints progress and the summary to {@code out}. */
  public static Outcome run(StormSettings settings, PrintStream out) throws Exception {
    return run(settings, out, 1);
  }

  /**
   * Runs the storm, then renews the same fleet again until it has been renewed {@code rounds}
   * times, each round's rate and heap in the results.
   */
  public static Outcome run(StormSettings settings, PrintStream out, int rounds) throws Exception {
    return run(settings, out, rounds, 0);
  }

  /**
   * Runs the storm after a warm-up of {@code warmupDevices} appliances outside the fleet (0 for
   * none; none with an external CA or a shard).
   */
  public static Outcome run(StormSettings settings, PrintStream out, int rounds, int warmupDevices)
      throws Exception {
    return run(settings, out, rounds, warmupDevices, (PcapOptions) null);
  }

  /** Runs the storm, capturing the devices {@code pcap} chooses (null: none). */
  public static Outcome run(
      StormSettings settings, PrintStream out, int rounds, int warmupDevices, PcapOptions pcap)
      throws Exception {
    return run(
        settings,
        out,
        rounds,
        warmupDevices,
        new ShardStart(StormStart.whenReady(Clock.systemUTC()), null),
        pcap);
  }

  /**
   * Runs the storm as one shard of a run: it waits for {@code shardStart}'s instant once the fleet
   * is enrolled, and its results carry what {@code report merge} needs.
   */
  public static Outcome run(
      StormSettings settings, PrintStream out, int rounds, int warmupDevices, ShardStart shardStart)
      throws Exception {
    return run(settings, out, rounds, warmupDevices, shardStart, null);
  }

  /**
   * Runs the storm as one shard of a run, capturing the devices {@code pcap} chooses (null: none).
   */
  public static Outcome run(
      StormSettings settings,
      PrintStream out,
      int rounds,
      int warmupDevices,
      ShardStart shardStart,
      PcapOptions pcap)
      throws Exception {
    LeakDetection leaks = LeakDetection.offUnlessAsked();
    try {
      return new StormRun(settings, out, RunClock.system(), rounds, warmupDevices, shardStart, pcap)
          .run();
    } finally {
      leaks.close();
    }
  }

  /**
   * A shard's start and identity: the storm instant to wait for, and the {@code --run-id} the user
   * gave (null: derived from the instant and the fleet's parameters).
   */
  public record ShardStart(StormStart start, String runId) {}

  private Outcome run() throws Exception {
    PrintStream out = fleet.out;
    FleetTemplate template =
        settings.template() == null
            ? FleetTemplate.defaultTemplate()
            : FleetTemplate.load(settings.template());
    if (settings.maxInFlight() == 0 && inFlightBound > 0) {
      out.println(
          "fwsim: "
              + fleet.certificates
              + " certificates, at most "
              + inFlightBound
              + " enrollments or renewals at once (open files, CA answer time), fewer while the CA answers"
              + " slowly: the others wait their turn; --max-in-flight sets a fixed bound");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, String> fleetParameters = StormParameters.fleet(settings, rounds);
    // The simulation starts at the host's time: an external CA (micromdm) stamps its
    // certificates with it (notBefore in whole seconds), so the fleet begins a minute later.
    SimClock clock = SimClock.fastForward(Instant.now().plusSeconds(60));
    clock.setMode(ClockMode.REALTIME);
    // An external CA's identity, so the key store never sends it a key it has seen.
    String caIdentity =
        settings.caUrl() != null && settings.keyStore().enabled()
            ? CaIdentity.of(settings, Duration.ofSeconds(30))
            : null;
    try (StoredKeys stored = StoredKeys.open(settings.keyStore(), caIdentity, out);
        RunMeters meters = RunMeters.create(settings.prometheus() != null);
        PrometheusEndpoint endpoint =
            settings.prometheus() == null
                ? null
                : PrometheusEndpoint.start(
                    settings.prometheus(), meters.prometheus().orElseThrow());
        Progress progress = Progress.start(out, Progress.isTerminal())) {
      if (endpoint != null) {
        out.println("Prometheus metrics: " + endpoint.url());
      }
      Phases p = fleetPhases(new RunParts(template, clock, cores, stored, meters, progress));
      // The hypervisor and the fleet are gone now: what the heap lost with them is the fleet's.
      HeapFigures heap = p.heap().withoutFleet(ProcessProbes.usedHeapAfterGc(), fleet.devices());
      steps.done("heap");
      String keyStore = stored.describe();
      out.println("Key store: " + keyStore);
      BoundResult bound = measureBound(cores);
      steps.done("bound");
      out.println("Wall time by step: " + steps.describe());
      String jvm = JvmDescription.current();
      out.println("JVM: " + jvm);
      Map<String, String> params =
          StormParameters.of(settings, fleet.certificates, inFlightBound, p.check(), p.dueAgain());
      // A miss means a key was generated inline during a phase: its rate would include keygen.
      params.put("key pool misses", Long.toString(p.misses()));
      params.put("crypto bound slices", boundSlices);
      params.put("key store", keyStore);
      params.put("warm-up", warmup(p.warmup()));
      params.put("jvm", jvm);
      if (p.toppedUp() > 0) {
        params.put(
            "keys added before the storm (failed enrollment tries used theirs)",
            Long.toString(p.toppedUp()));
      }
      heap.describe().forEach(params::put);
      params.put("wall time by step", steps.describe());
      ShardRecord shard =
          new ShardRecord(
              RunId.of(shardStart.runId(), shardStart.start().instant(), fleetParameters),
              settings.shard().index(),
              settings.shard().count(),
              shardStart.start().instant(),
              p.stormStartedAt(),
              p.stormEndedAt(),
              fleetParameters,
              Map.of(
                  "enroll", HdrCodec.encode(p.enroll().latencyHistogram()),
                  "storm", HdrCodec.encode(p.storm().latencyHistogram())));
      RunResults results =
          new RunResults(
              params,
              fleet.devices(),
              settings.vdoms(),
              fleet.certificates,
              p.keygen().snapshot(),
              p.enroll().snapshot(),
              p.storm().snapshot(),
              bound,
              null,
              heap.perAppliance(),
              heap.ca(),
              rounds > 1 ? p.rounds() : List.of(),
              shard);
      return new Outcome(
          results,
          fleet.certificates,
          p.check().valid(),
          p.check().renewed(),
          p.check().problems());
    }
  }

  /** What the run's phases share: made before the hypervisor, they outlive it. */
  private record RunParts(
      FleetTemplate template,
      SimClock clock,
      int cores,
      StoredKeys stored,
      RunMeters meters,
      Progress progress) {}

  /** What the fleet's phases leave for the report once the hypervisor is gone. */
  private record Phases(
      PhaseRecorder keygen,
      PhaseRecorder warmup,
      PhaseRecorder enroll,
      PhaseRecorder storm,
      StormVerifier.Check check,
      int dueAgain,
      long toppedUp,
      long misses,
      HeapFigures heap,
      List<RoundResult> rounds,
      Instant stormStartedAt,
      Instant stormEndedAt) {}

  /**
   * The hypervisor's life: the CA's phases ({@link #caPhases}), then the heap without the CA, then
   * the fleet let go. Nothing returned refers to an appliance, the hypervisor or the CA, so that
   * they can be collected once this returns.
   */
  private Phases fleetPhases(RunParts run) throws Exception {
    try (Hypervisor hv =
        Hypervisor.builder(run.clock())
            .workers(settings.workerThreads())
            .keygenThreads(run.cores())
            .keySource(run.stored().keySource())
            .keyPoolCapacity(KeygenPhase.keysFor(fleet.certificates) + warmupKeys() + 64)
            .registry(run.meters().registry())
            .build()) {
      Phases p = caPhases(hv, run);
      HeapFigures heap = p.heap().withoutCa(ProcessProbes.usedHeapAfterGc());
      steps.done("heap");
      heap = heap.watchFleet(fleet.firmware());
      fleet.release();
      return new Phases(
          p.keygen(),
          p.warmup(),
          p.enroll(),
          p.storm(),
          p.check(),
          p.dueAgain(),
          p.toppedUp(),
          hv.keys().misses(),
          heap,
          p.rounds(),
          p.stormStartedAt(),
          p.stormEndedAt());
    }
  }

  /**
   * The CA's life: keys, boot, enrollment, storm and check, then the heap with everything in it.
   * The CA is closed when this returns.
   */
  private Phases caPhases(Hypervisor hv, RunParts run) throws Exception {
    SimClock clock = run.clock();
    Progress progress = run.progress();
    MeterRegistry registry = run.meters().registry();
    try (ScepCa ca = CaSetup.start(fleet, hv, clock, registry, run.cores());
        EstServer est = CaSetup.startEst(fleet, hv, ca);
        FleetDnsServer dns = CaSetup.startDns(fleet);
        InFlightControl inFlight =
            InFlightControl.start(admission, settings.maxInFlight(), run.cores(), fleet.wall)) {
      steps.done("start");
      fleet.out.printf(
          Locale.ROOT,
          "Fleet: %,d devices x %d VDOMs = %,d certificates (%s, shard %s)%n",
          fleet.devices(),
          settings.vdoms(),
          fleet.certificates,
          settings.key(),
          settings.shard());
      fleet.out.flush();

      KeygenPhase keys =
          new KeygenPhase(fleet, hv, run.cores(), progress, run.stored(), warmupKeys());
      PhaseRecorder keygen = keys.run(registry);
      steps.done("keys");
      PhaseRecorder warmup = null;
      if (warmupDevices > 0) {
        warmup =
            new WarmupPhase(fleet, warmupDevices)
                .run(hv, run.template(), admission, clock, ca, registry, progress);
        steps.done("warmup");
      }
      FleetBoot.boot(fleet, hv, run.template(), admission, progress);
      steps.done("boot");
      if (pcap != null) {
        captures = pcap.start(deviceNames(), fleet::firmware, settings.timeout(), fleet.out);
      }
      EnrollmentPhase enrollment =
          new EnrollmentPhase(
              fleet, registry, EnrollmentWindow.size(inFlight.limit(), fleet.certificates));
      inFlight.follow(enrollment.recorder(), enrollment::resize);
      PhaseRecorder enroll = enrollment.run(progress);
      long toppedUp = keys.topUp(enroll);
      steps.done("enroll");

      Instant stormStartedAt = awaitStormInstant();
      EnrolledCertificates enrolled = EnrolledCertificates.read(fleet);
      RenewalPhase renewal = new RenewalPhase(fleet, enrolled, registry);
      inFlight.follow(renewal.recorder(), n -> {});
      PhaseRecorder storm = renewal.run(hv, clock, ca, progress);
      Instant stormEndedAt = shardStart.start().wall().instant();
      steps.done("storm");
      clock.setMode(ClockMode.REALTIME); // no more jumps while the results are read
      StormVerifier.Check check = StormVerifier.verify(fleet, enrolled, ca);
      List<RoundResult> roundResults = new ArrayList<>();
      if (rounds > 1) { // a round's figures cost a full collection: none for a single storm
        roundResults.add(round(1, storm, ca, run.stored()));
      }
      for (int r = 2; r <= rounds; r++) {
        renewal.detach();
        enrolled = EnrolledCertificates.read(fleet);
        // Its own registry: the storm's meters keep the first round's figures.
        renewal = new RenewalPhase(fleet, enrolled, new SimpleMeterRegistry());
        inFlight.follow(renewal.recorder(), n -> {});
        PhaseRecorder again = renewal.run(hv, clock, ca, progress);
        clock.setMode(ClockMode.REALTIME);
        check = StormVerifier.verify(fleet, enrolled, ca);
        roundResults.add(round(r, again, ca, run.stored()));
      }
      if (rounds > 1) {
        steps.done("rounds");
      }
      run.stored().keepNew(settings.keyType(), fleet.out); // the top-up's keys and any made inline
      steps.done("check");
      if (captures != null) {
        captures.close(); // complete files now; the JVM's exit closes them after a failure
      }
      HeapFigures heap = HeapFigures.all(ProcessProbes.usedHeapAfterGc(), ca);
      steps.done("heap");
      return new Phases(
          keygen,
          warmup,
          enroll,
          storm,
          check,
          renewal.dueAgain(),
          toppedUp,
          0,
          heap,
          roundResults,
          stormStartedAt,
          stormEndedAt);
    }
  }

  /**
   * The barrier between enrollment and storm: waits for {@code --storm-at}, if given, and returns
   * the wall time the storm starts at. A shard that is not ready by then fails.
   */
  private Instant awaitStormInstant() throws InterruptedException {
    StormStart start = shardStart.start();
    if (start.instant() != null) {
      Instant ready = start.wall().instant();
      fleet.out.printf(
          Locale.ROOT,
          "Shard %s ready at %s: storm at %s%n",
          settings.shard(),
          ready,
          start.instant());
      fleet.out.flush();
    }
    Instant startedAt = start.await(settings.shard().toString());
    if (start.instant() != null) {
      steps.done("wait");
    }
    return startedAt;
  }

  /** Keys the warm-up appliances take from the pool. */
  private int warmupKeys() {
    return warmupDevices == 0 ? 0 : WarmupPhase.keysFor(fleet, warmupDevices);
  }

  /**
   * The warm-up as its own phase: appliances, renewals, wall time and CPU; none for a run without.
   */
  static String warmup(PhaseRecorder warmup) {
    if (warmup == null) {
      return "none";
    }
    PhaseResult w = warmup.snapshot();
    return String.format(
        Locale.ROOT,
        "%,d enrollments and renewals outside the fleet, %.1f s wall, %.1f s CPU",
        w.ok(),
        w.endSeconds() - w.startSeconds(),
        w.cpuSeconds());
  }

  /**
   * One round's figures, the heap measured now that it is over: all of it, and the embedded CA's
   * part, its index of every certificate it issued (which grows by a row per renewal, as a CA's
   * does), so that what is left, the fleet's, shows whether an appliance holds more each round.
   */
  private RoundResult round(int r, PhaseRecorder phase, ScepCa ca, StoredKeys stored) {
    // The round's new keys go to the key store now, not all at the end: held until then, they
    // were part of the heap of every round.
    stored.keepNew(settings.keyType(), fleet.out);
    PhaseResult p = phase.snapshot();
    long heap = ProcessProbes.usedHeapAfterGc();
    long caHeap = ca == null ? -1 : ca.certificates().heapBytes();
    RoundResult result =
        new RoundResult(r, p.ok(), p.failed() + p.failedTries(), p.perSecond(), heap, caHeap);
    fleet.out.printf(
        Locale.ROOT,
        "Round %d of %d: %,d renewed, %,d failed tries, %.1f/s, heap %,d bytes: fleet %,d, %s%n",
        r,
        rounds,
        result.ok(),
        result.failed(),
        result.perSecond(),
        result.heapBytes(),
        result.fleetHeapBytes(),
        caHeap < 0
            ? "CA external"
            : String.format(
                Locale.ROOT,
                "CA's index %,d (%,d certificates)",
                caHeap,
                ca.certificates().size()));
    fleet.out.flush();
    return result;
  }

  private BoundResult measureBound(int cores) {
    fleet.out.println(
        "Crypto bound: measuring " + settings.boundKey().label() + " on " + cores + " threads...");
    fleet.out.flush();
    // An EC renewal's reply is password-based when its CSR carries the challenge, else ECDH.
    CryptoBound.Sliced bound =
        CryptoBound.prepare(settings.boundKey(), !fleet.challenge.isEmpty())
            .measureSlices(
                CryptoBound.Method.of(settings.protocol()),
                new CryptoBound.Settings(cores, Duration.ofSeconds(1), settings.boundTime()));
    boundSlices = bound.describe();
    fleet.out.println("Crypto bound: " + boundSlices);
    return bound.result();
  }
}
