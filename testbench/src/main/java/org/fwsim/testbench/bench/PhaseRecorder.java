package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.fwsim.testbench.probe.ProcessProbes;
import org.fwsim.testbench.probe.ThreadCpu;
import org.fwsim.testbench.report.LatencyFigures;
import org.fwsim.testbench.report.Progress;
import org.fwsim.testbench.report.model.PhaseResult;

/**
 * Measures one phase of a run (keygen, enroll, storm) on a Micrometer registry: successes and
 * failures by kind as counters, latency as a timer with percentiles and a percentile histogram,
 * requests in flight as a gauge; plus start and end, CPU seconds and a per-second series, which
 * Micrometer does not keep. The report's percentiles come from an HdrHistogram of the whole phase
 * rather than from the timer, whose percentiles are coarser and may exceed the maximum. Safe to
 * call from any number of threads.
 *
 * <p>Label cardinality stays bounded: tags are the phase, the result and a failure kind, and at
 * most {@link #MAX_KINDS} kinds are kept apart (the rest count together as {@link #OTHER}); never a
 * device.
 */
public final class PhaseRecorder implements Progress.Counts {

  /** Failure kinds kept apart; the set is small by nature (failInfo values, error classes). */
  public static final int MAX_KINDS = 16;

  /**
   * The kind that absorbs kinds beyond {@link #MAX_KINDS}; not {@code other}, which is a failure
   * kind of its own (FailureKind.OTHER), so that a report never mixes the two.
   */
  public static final String OTHER = "kinds beyond " + MAX_KINDS;

  /** Seconds the per-second series covers; later completions land in its last bucket. */
  static final int SERIES_SECONDS = 3_600;

  /**
   * Bar edges of the latency distribution in the report. They are also service-level objectives of
   * the timer, so every registry keeps a bucket at each edge (a plain registry keeps no percentile
   * histogram of its own) and the bars are exact.
   */
  static final Duration[] LATENCY_EDGES =
      edges(
          1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000);

  static final String RESULTS = "fwsim.bench.results";
  static final String LATENCY = "fwsim.bench.latency";
  static final String IN_FLIGHT = "fwsim.bench.in.flight";

  private final String phase;
  private final MeterRegistry registry;
  private final RunClock clock;
  private final DoubleSupplier cpuSeconds;
  private final Supplier<ThreadCpu.Snapshot> threadCpu;
  private final Counter okCounter;
  private final Timer okLatency;
  private final Timer failedLatency;

  /** Successes' latencies in nanoseconds, three significant digits, for the report's figures. */
  private final Recorder okNanos = new Recorder(3);

  /** All of {@link #okNanos} read so far; guarded by {@code this}. */
  private final Histogram okNanosSoFar = new Histogram(3);

  private final LongAccumulator okMaxNanos = new LongAccumulator(Long::max, 0);
  private final LongAdder okSumNanos = new LongAdder();
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();

  /** Requests that ended failed, each counted once whatever tries failed before. */
  private final LongAdder failedRequests = new LongAdder();

  /** Failures that did not end their request (a try asked again); counted by kind as well. */
  private final LongAdder failedTries = new LongAdder();

  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLongArray okSeries = new AtomicLongArray(SERIES_SECONDS);
  private final AtomicLongArray failedSeries = new AtomicLongArray(SERIES_SECONDS);
  private volatile long startNanos = -1;
  private volatile long endNanos = -1;
  private volatile double startCpu;
  private volatile double endCpu;
  private volatile ThreadCpu.Snapshot startThreads = ThreadCpu.Snapshot.NONE;
  private volatile ThreadCpu.Snapshot endThreads = ThreadCpu.Snapshot.NONE;

  /**
   * A recorder whose CPU figure is the process's, read from {@link ProcessProbes}, split by kind of
   * thread with {@link ThreadCpu}.
   */
  public PhaseRecorder(String phase, MeterRegistry registry, RunClock clock) {
    this(phase, registry, clock, ProcessProbes::processCpuSeconds, ThreadCpu::take);
  }

  PhaseRecorder(String phase, MeterRegistry registry, RunClock clock, DoubleSupplier cpuSeconds) {
    this(phase, registry, clock, cpuSeconds, () -> ThreadCpu.Snapshot.NONE);
  }

  PhaseRecorder(
      String phase,
      MeterRegistry registry,
      RunClock clock,
      DoubleSupplier cpuSeconds,
      Supplier<ThreadCpu.Snapshot> threadCpu) {
    if (phase == null || phase.isBlank()) {
      throw new IllegalArgumentException("a phase needs a name");
    }
    this.phase = phase;
    this.registry = registry;
    this.clock = clock;
    this.cpuSeconds = cpuSeconds;
    this.threadCpu = threadCpu;
    this.okCounter =
        Counter.builder(RESULTS)
            .description("requests finished, by phase and result")
            .tags("phase", phase, "result", "ok", "kind", "none")
            .register(registry);
    this.okLatency = timer("ok");
    this.failedLatency = timer("failed");
    Gauge.builder(IN_FLIGHT, inFlight, AtomicLong::get)
        .description("requests under way")
        .tag("phase", phase)
        .register(registry);
  }

  private Timer timer(String result) {
    return Timer.builder(LATENCY)
        .description("request latency, by phase and result")
        .tags("phase", phase, "result", result)
        .publishPercentiles(0.5, 0.9, 0.99)
        .percentilePrecision(2)
        .publishPercentileHistogram()
        .serviceLevelObjectives(LATENCY_EDGES)
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(2))
        // A run reports on the whole phase, not on the last two minutes (Micrometer's default
        // window), so the statistics only roll over after a day.
        .distributionStatisticExpiry(Duration.ofDays(1))
        .distributionStatisticBufferLength(1)
        .register(registry);
  }

  public String phase() {
    return phase;
  }

  /** Marks the start of the phase (time and CPU); recording before this is an error. */
  public void start() {
    startThreads = threadCpu.get();
    startCpu = cpuSeconds.getAsDouble();
    startNanos = clock.nanos();
  }

  /** Marks the end of the phase; later snapshots keep this end. */
  public void end() {
    requireStarted();
    endCpu = cpuSeconds.getAsDouble();
    endThreads = threadCpu.get();
    endNanos = clock.nanos();
  }

  /** A request starts: counts it in flight; returns the time to hand to {@link #succeeded}. */
  public long begin() {
    requireStarted();
    inFlight.incrementAndGet();
    return clock.nanos();
  }

  /** The request begun at {@code begunAt} succeeded. */
  public void succeeded(long begunAt) {
    inFlight.decrementAndGet();
    recordOk(clock.nanos() - begunAt);
  }

  /**
   * The request begun at {@code begunAt} ended failed with {@code kind} (failInfo or error kind):
   * its last try, or no try left.
   */
  public void failed(String kind, long begunAt) {
    inFlight.decrementAndGet();
    recordFailure(kind, clock.nanos() - begunAt);
  }

  /** A success timed elsewhere (e.g. one key generated, or a renewal timed by the firmware). */
  public void recordOk(long latencyNanos) {
    requireStarted();
    okCounter.increment();
    long nanos = Math.max(0, latencyNanos);
    okLatency.record(nanos, TimeUnit.NANOSECONDS);
    okNanos.recordValue(nanos);
    okMaxNanos.accumulate(nanos);
    okSumNanos.add(nanos);
    okSeries.incrementAndGet(secondIndex());
  }

  /**
   * Successes counted elsewhere without a latency each, e.g. keys a pool generated since the last
   * call: the count and the series move, the latency statistics do not.
   */
  public void recordOkCount(long n) {
    requireStarted();
    if (n < 0) {
      throw new IllegalArgumentException("a success count cannot be negative, got " + n);
    }
    okCounter.increment(n);
    okSeries.addAndGet(secondIndex(), n);
  }

  /** A request that ended failed, timed elsewhere; it does not count as in flight. */
  public void recordFailure(String kind, long latencyNanos) {
    failedRequests.increment();
    recordFailureEvent(kind, latencyNanos);
  }

  /**
   * A failure that does not end its request: a try that is asked again (or an expiry while the
   * retries go on). It counts by kind and as a failed try, never as a request done: the request's
   * own outcome comes later, once, so that ok and failed add up to the requests however often they
   * were tried.
   */
  public void failedTry(String kind, long latencyNanos) {
    failedTries.increment();
    recordFailureEvent(kind, latencyNanos);
  }

  private void recordFailureEvent(String kind, long latencyNanos) {
    requireStarted();
    failureCounter(kind).increment();
    failedLatency.record(Math.max(0, latencyNanos), TimeUnit.NANOSECONDS);
    failedSeries.incrementAndGet(secondIndex());
  }

  private Counter failureCounter(String kind) {
    String k = kind == null || kind.isBlank() ? "unknown" : kind;
    Counter c = failures.get(k);
    if (c != null) {
      return c;
    }
    if (failures.size() >= MAX_KINDS) {
      k = OTHER;
    }
    String tag = k;
    return failures.computeIfAbsent(
        k,
        x ->
            Counter.builder(RESULTS)
                .description("requests finished, by phase and result")
                .tags("phase", phase, "result", "failed", "kind", tag)
                .register(registry));
  }

  private int secondIndex() {
    long since = clock.nanos() - startNanos;
    return (int) Math.min(SERIES_SECONDS - 1, Math.max(0, since / 1_000_000_000L));
  }

  private void requireStarted() {
    if (startNanos < 0) {
      throw new IllegalStateException("phase " + phase + " has not been started");
    }
  }

  /** Requests under way now. */
  public long inFlight() {
    return inFlight.get();
  }

  /** Successes so far. */
  public long ok() {
    return (long) okCounter.count();
  }

  /** Requests that ended failed so far. */
  public long failed() {
    return failedRequests.sum();
  }

  /** Failed tries so far that were asked again (not in {@link #failed}). */
  public long failedTries() {
    return failedTries.sum();
  }

  /** The phase as it stands: final after {@link #end()}, a running view before. */
  public PhaseResult snapshot() {
    requireStarted();
    boolean ended = endNanos >= 0;
    long endAt = ended ? endNanos : clock.nanos();
    double cpu = ended ? endCpu : cpuSeconds.getAsDouble();
    double startS = startNanos / 1e9;
    double endS = endAt / 1e9;
    long ok = ok();
    Map<String, Long> byKind = new TreeMap<>();
    failures.forEach((k, c) -> byKind.put(k, (long) c.count()));
    long failed = failed();
    double seconds = endS - startS;
    int buckets = (int) Math.min(SERIES_SECONDS, Math.max(1, (long) Math.ceil(seconds)));
    double cpuUsed = startCpu < 0 || cpu < 0 ? -1 : cpu - startCpu;
    // By thread only once ended: reading every thread's /proc entry is not for each progress tick.
    Map<String, Double> byThread =
        ended ? ThreadCpu.between(startThreads, endThreads, cpuUsed) : Map.of();
    return new PhaseResult(
        phase,
        ok,
        failed,
        failedTries(),
        inFlight.get(),
        byKind,
        startS,
        endS,
        ended,
        seconds > 0 ? ok / seconds : 0,
        cpuUsed,
        byThread,
        latency(),
        histogram(),
        series(okSeries, buckets),
        series(failedSeries, buckets));
  }

  /**
   * A copy of the HdrHistogram of the successes' latencies so far, in nanoseconds: what a shard's
   * results carry so that shards add up.
   */
  public synchronized Histogram latencyHistogram() {
    okNanosSoFar.add(okNanos.getIntervalHistogram());
    return okNanosSoFar.copy();
  }

  /**
   * Percentiles from the HdrHistogram of successes (within 0.1 %), capped at the exact maximum: a
   * percentile's bucket may reach past the slowest request, the percentile itself cannot.
   */
  private synchronized PhaseResult.Latency latency() {
    okNanosSoFar.add(okNanos.getIntervalHistogram());
    long count = okNanosSoFar.getTotalCount();
    return LatencyFigures.of(
        okNanosSoFar, okMaxNanos.get() / 1e6, count == 0 ? 0 : okSumNanos.sum() / 1e6 / count);
  }

  /**
   * The latency distribution as bars between {@link #LATENCY_EDGES}, read from the timer's
   * cumulative bucket counts, plus a last bar for anything slower; empty bars at the end are cut.
   */
  private List<PhaseResult.LatencyBucket> histogram() {
    HistogramSnapshot s = okLatency.takeSnapshot();
    List<PhaseResult.LatencyBucket> bars = new ArrayList<>(LATENCY_EDGES.length + 1);
    double previous = 0;
    int last = -1;
    for (Duration edge : LATENCY_EDGES) {
      double cumulative = previous;
      for (CountAtBucket c : s.histogramCounts()) {
        if (c.bucket() == edge.toNanos()) {
          cumulative = c.count();
          break;
        }
      }
      long n = Math.round(cumulative - previous);
      previous = cumulative;
      bars.add(new PhaseResult.LatencyBucket(edge.toMillis(), n));
      if (n > 0) {
        last = bars.size() - 1;
      }
    }
    long slower = Math.round(s.count() - previous);
    bars.add(new PhaseResult.LatencyBucket(Double.POSITIVE_INFINITY, slower));
    if (slower > 0) {
      last = bars.size() - 1;
    }
    return bars.subList(0, last + 1);
  }

  private static Duration[] edges(long... millis) {
    Duration[] out = new Duration[millis.length];
    for (int i = 0; i < millis.length; i++) {
      out[i] = Duration.ofMillis(millis[i]);
    }
    return out;
  }

  private static long[] series(AtomicLongArray a, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = a.get(i);
    }
    return out;
  }
}
