package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.ClockMode;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.fleet.FleetTemplate;
import org.fwsim.testbench.probe.ProcessProbes;
import org.fwsim.testbench.report.Progress;
import org.fwsim.testbench.report.PrometheusEndpoint;
import org.fwsim.testbench.report.RunMeters;
import org.fwsim.testbench.report.model.BoundResult;
import org.fwsim.testbench.report.model.PhaseResult;
import org.fwsim.testbench.report.model.RoundResult;
import org.fwsim.testbench.report.model.RunResults;

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
  private final int rounds;

  private StormRun(StormSettings settings, PrintStream out, RunClock wall, int rounds) {
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
    this.admission = limit == 0 ? ScepAdmission.UNLIMITED : ScepAdmission.bounded(limit);
  }

  /**
   * Descriptors kept free for everything but SCEP connections: jars, epoll, the Prometheus port.
   */
  static final int RESERVED_DESCRIPTORS = 512;

  /**
   * SCEP transactions in flight per core when the user gave no bound; see {@link #automaticBound}.
   */
  static final int IN_FLIGHT_PER_CORE = 1000;

  /**
   * The bound on SCEP transactions in flight when the user gave none: 0 (no bound) while the whole
   * fleet fits, else the smaller of two limits.
   *
   * <ul>
   *   <li>Open files: a transaction holds one connection at a time, two descriptors with the
   *       embedded CA (its side is in this process too), one with an external CA. 20,000
   *       certificates under a 20,000-file limit failed with "Too many open files".
   *   <li>Waiting at the CA: a request must be answered within the transport's 30-second step
   *       timeout. A core answers 100 to 200 renewals a second, so 1,000 per core are answered in 5
   *       to 10 s; with 9,700 at once, thousands timed out and were sent again.
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
    return new StormRun(settings, out, RunClock.system(), rounds).run();
  }

  private Outcome run() throws Exception {
    PrintStream out = fleet.out;
    FleetTemplate template =
        settings.template() == null
            ? FleetTemplate.defaultTemplate()
            : FleetTemplate.load(settings.template());
    if (settings.maxInFlight() == 0 && admission.limit() > 0) {
      out.println(
          "fwsim: "
              + fleet.certificates
              + " certificates, at most "
              + admission.limit()
              + " SCEP transactions at once (open files, CA answer time): the others wait their turn;"
              + " --max-in-flight sets another bound");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    // The simulation starts at the host's time: an external CA (micromdm) stamps its
    // certificates with it (notBefore in whole seconds), so the fleet begins a minute later.
    SimClock clock = SimClock.fastForward(Instant.now().plusSeconds(60));
    clock.setMode(ClockMode.REALTIME);
    try (RunMeters meters = RunMeters.create(settings.prometheus() != null);
        PrometheusEndpoint endpoint =
            settings.prometheus() == null
                ? null
                : PrometheusEndpoint.start(
                    settings.prometheus(), meters.prometheus().orElseThrow());
        Hypervisor hv =
            Hypervisor.builder(clock)
                .workers(settings.workerThreads())
                .keygenThreads(cores)
                .keyPoolCapacity(KeygenPhase.keysFor(fleet.certificates) + 64)
                .registry(meters.registry())
                .build();
        Progress progress = Progress.start(out, Progress.isTerminal());
        ScepCa ca = CaSetup.start(fleet, hv, clock, meters.registry(), cores)) {
      if (endpoint != null) {
        out.println("Prometheus metrics: " + endpoint.url());
      }
      out.printf(
          Locale.ROOT,
          "Fleet: %,d devices x %d VDOMs = %,d certificates (%s, shard %s)%n",
          fleet.devices(),
          settings.vdoms(),
          fleet.certificates,
          settings.key(),
          settings.shard());
      out.flush();

      KeygenPhase keys = new KeygenPhase(fleet, hv, cores, progress);
      PhaseRecorder keygen = keys.run(meters.registry());
      long heapBefore = ProcessProbes.usedHeapAfterGc();
      FleetBoot.boot(fleet, hv, template, admission, progress);
      PhaseRecorder enroll = new EnrollmentPhase(fleet, meters.registry()).run(progress);
      long heapAfter = ProcessProbes.usedHeapAfterGc();
      long heapPerAppliance =
          ProcessProbes.heapBytesPerAppliance(heapBefore, heapAfter, fleet.devices());
      long toppedUp = keys.topUp(enroll);

      EnrolledCertificates enrolled = EnrolledCertificates.read(fleet);
      RenewalPhase renewal = new RenewalPhase(fleet, enrolled, meters.registry());
      PhaseRecorder storm = renewal.run(hv, clock, ca, progress);
      clock.setMode(ClockMode.REALTIME); // no more jumps while the results are read
      StormVerifier.Check check = StormVerifier.verify(fleet, enrolled, ca);
      List<RoundResult> roundResults = new ArrayList<>();
      roundResults.add(round(1, storm));
      for (int r = 2; r <= rounds; r++) {
        renewal.detach();
        enrolled = EnrolledCertificates.read(fleet);
        // Its own registry: the storm's meters keep the first round's figures.
        renewal = new RenewalPhase(fleet, enrolled, new SimpleMeterRegistry());
        PhaseRecorder again = renewal.run(hv, clock, ca, progress);
        clock.setMode(ClockMode.REALTIME);
        check = StormVerifier.verify(fleet, enrolled, ca);
        roundResults.add(round(r, again));
      }

      BoundResult bound = measureBound(cores);
      Map<String, String> params =
          StormParameters.of(settings, fleet.certificates, admission, check, renewal.dueAgain());
      // A miss means a key was generated inline during a phase: its rate would include keygen.
      params.put("key pool misses", Long.toString(hv.keys().misses()));
      if (toppedUp > 0) {
        params.put(
            "keys added before the storm (failed enrollment tries used theirs)",
            Long.toString(toppedUp));
      }
      RunResults results =
          new RunResults(
              params,
              fleet.devices(),
              settings.vdoms(),
              fleet.certificates,
              keygen.snapshot(),
              enroll.snapshot(),
              storm.snapshot(),
              bound,
              null,
              heapPerAppliance,
              rounds > 1 ? roundResults : List.of());
      return new Outcome(
          results, fleet.certificates, check.valid(), check.renewed(), check.problems());
    }
  }

  /** One round's figures, the heap measured now that it is over. */
  private RoundResult round(int r, PhaseRecorder phase) {
    PhaseResult p = phase.snapshot();
    RoundResult result =
        new RoundResult(r, p.ok(), p.failed(), p.perSecond(), ProcessProbes.usedHeapAfterGc());
    if (rounds > 1) {
      fleet.out.printf(
          Locale.ROOT,
          "Round %d of %d: %,d renewed, %,d failed tries, %.1f/s, heap %,d bytes%n",
          r,
          rounds,
          result.ok(),
          result.failed(),
          result.perSecond(),
          result.heapBytes());
      fleet.out.flush();
    }
    return result;
  }

  private BoundResult measureBound(int cores) {
    fleet.out.println(
        "Crypto bound: measuring " + settings.boundKey().label() + " on " + cores + " threads...");
    fleet.out.flush();
    // An EC renewal's reply is password-based when its CSR carries the challenge, else ECDH.
    return CryptoBound.prepare(settings.boundKey(), !fleet.challenge.isEmpty())
        .measure(
            CryptoBound.Method.RAW_OPS,
            new CryptoBound.Settings(cores, Duration.ofSeconds(1), settings.boundTime()));
  }
}
