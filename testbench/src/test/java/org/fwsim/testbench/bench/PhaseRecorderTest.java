package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.testbench.probe.ProcessProbes;
import org.fwsim.testbench.report.RunMeters;
import org.fwsim.testbench.report.model.PhaseResult;
import org.junit.jupiter.api.Test;

/** A phase on a stepped clock: counts, kinds, rate, percentiles, series and CPU. */
class PhaseRecorderTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(5_000 * MS);
  private final RunClock clock = new RunClock(now::get);
  private final AtomicLong cpuMillis = new AtomicLong(1_000);

  private PhaseRecorder recorder(MeterRegistry registry) {
    return new PhaseRecorder("storm", registry, clock, () -> cpuMillis.get() / 1000.0);
  }

  @Test
  void countsRateLatencyAndSeries() {
    PhaseRecorder storm = recorder(new SimpleMeterRegistry());
    now.addAndGet(2_000 * MS);
    storm.start();
    // 100 renewals in the first second taking 1..100 ms, then two failures in the third second.
    for (int i = 1; i <= 100; i++) {
      long t = storm.begin();
      now.addAndGet(i * MS);
      storm.succeeded(t);
      now.addAndGet(-i * MS + 5 * MS);
    }
    now.addAndGet(1_600 * MS);
    long a = storm.begin();
    long b = storm.begin();
    assertEquals(2, storm.inFlight());
    storm.failed("badRequest", a);
    storm.failed("timeout", b);
    now.addAndGet(400 * MS);
    cpuMillis.addAndGet(3_500);
    storm.end();
    now.addAndGet(60_000 * MS); // later snapshots keep the phase's end

    PhaseResult r = storm.snapshot();
    assertEquals(100, r.ok());
    assertEquals(2, r.failed());
    assertEquals(0, r.inFlight());
    assertEquals(Map.of("badRequest", 1L, "timeout", 1L), r.failuresByKind());
    assertEquals(2.0, r.startSeconds(), 1e-9);
    assertEquals(4.5, r.endSeconds(), 1e-9);
    assertEquals(2.5, r.seconds(), 1e-9);
    assertEquals(40.0, r.perSecond(), 1e-9);
    assertEquals(3.5, r.cpuSeconds(), 1e-9);
    assertArrayEquals(new long[] {100, 0, 0}, r.okPerSecond());
    assertArrayEquals(new long[] {0, 0, 2}, r.failedPerSecond());
    assertEquals(100, r.latencyMs().count());
    assertEquals(50, r.latencyMs().p50(), 3);
    assertEquals(90, r.latencyMs().p90(), 5);
    assertEquals(99, r.latencyMs().p99(), 5);
    assertEquals(100, r.latencyMs().max(), 1e-9);
    assertEquals(50.5, r.latencyMs().mean(), 1e-9);
    long bars = r.latencyHistogram().stream().mapToLong(PhaseResult.LatencyBucket::count).sum();
    assertEquals(100, bars);
    // Edges 1, 2, 5, 10, 20, 50, 100 ms: 1, 1, 3, 5, 10, 30 and 50 renewals.
    assertEquals(
        java.util.List.of(1L, 1L, 3L, 5L, 10L, 30L, 50L),
        r.latencyHistogram().stream().map(PhaseResult.LatencyBucket::count).toList());
    assertEquals(100, r.latencyHistogram().get(6).upToMs(), 1e-9);
  }

  @Test
  void countsWithoutLatencyMoveOnlyCountAndSeries() {
    PhaseRecorder keygen = new PhaseRecorder("keygen", new SimpleMeterRegistry(), clock, () -> -1);
    keygen.start();
    keygen.recordOkCount(7);
    now.addAndGet(1_500 * MS);
    keygen.recordOkCount(5);
    keygen.end();
    PhaseResult r = keygen.snapshot();
    assertEquals(12, r.ok());
    assertArrayEquals(new long[] {7, 5}, r.okPerSecond());
    assertEquals(0, r.latencyMs().count());
    assertEquals(8.0, r.perSecond(), 1e-9);
    assertEquals(-1, r.cpuSeconds(), "unknown CPU stays unknown");
    assertThrows(IllegalArgumentException.class, () -> keygen.recordOkCount(-1));
  }

  @Test
  void failureKindsAreBounded() {
    PhaseRecorder enroll = recorder(new SimpleMeterRegistry());
    enroll.start();
    for (int i = 0; i < 40; i++) {
      enroll.recordFailure("kind-" + i, MS);
    }
    PhaseResult r = enroll.snapshot();
    assertEquals(40, r.failed());
    assertEquals(PhaseRecorder.MAX_KINDS + 1, r.failuresByKind().size());
    assertEquals(40 - PhaseRecorder.MAX_KINDS, r.failuresByKind().get(PhaseRecorder.OTHER));
  }

  @Test
  void meterNamesAndTagsShowInPrometheusWithoutDevices() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PhaseRecorder storm = recorder(prometheus);
    storm.start();
    storm.recordOk(12 * MS);
    storm.recordFailure("badMessageCheck", 3 * MS);
    String text = prometheus.scrape();
    assertTrue(
        text.contains(
            "fwsim_bench_results_total{kind=\"badMessageCheck\",phase=\"storm\",result=\"failed\"} 1.0"),
        text);
    assertTrue(text.contains("fwsim_bench_latency_seconds_bucket{"), text);
    // The Prometheus registry exports the histogram (for histogram_quantile) rather than quantiles.
    assertTrue(text.contains("le=\"0.1\"} 1"), text);
    // Shards' buckets add up in Prometheus; client-side quantiles could not be added.
    assertFalse(text.contains("quantile="), text);
    assertFalse(text.contains("_percentile"), text);
    assertEquals(12, storm.snapshot().latencyMs().max(), 1e-9);
  }

  @Test
  void recordingBeforeStartIsAnError() {
    PhaseRecorder storm = recorder(new SimpleMeterRegistry());
    assertThrows(IllegalStateException.class, storm::begin);
    assertTrue(
        assertThrows(IllegalStateException.class, () -> storm.recordOk(1))
            .getMessage()
            .contains("storm has not been started"));
  }

  @Test
  void heapPerApplianceDividesTheGrowth() {
    assertEquals(100, ProcessProbes.heapBytesPerAppliance(1_000, 101_000, 1_000));
    assertEquals(0, ProcessProbes.heapBytesPerAppliance(5_000, 1_000, 10));
    assertThrows(
        IllegalArgumentException.class, () -> ProcessProbes.heapBytesPerAppliance(0, 1, 0));
    assertTrue(ProcessProbes.usedHeapAfterGc() > 0);
    assertTrue(ProcessProbes.processCpuSeconds() > 0);
  }

  @Test
  void phaseSnapshotsWorkThroughTheCompositeRegistry() {
    for (boolean withPrometheus : new boolean[] {false, true}) {
      try (RunMeters meters = RunMeters.create(withPrometheus)) {
        AtomicLong now = new AtomicLong();
        PhaseRecorder storm = new PhaseRecorder("storm", meters.registry(), new RunClock(now::get));
        storm.start();
        for (int i = 1; i <= 10; i++) {
          storm.recordOk(i * 10_000_000L);
        }
        PhaseResult r = storm.snapshot();
        assertEquals(10, r.ok());
        assertEquals(100, r.latencyMs().max(), 1e-9);
        assertEquals(50, r.latencyMs().p50(), 6);
        assertEquals(
            10, r.latencyHistogram().stream().mapToLong(PhaseResult.LatencyBucket::count).sum());
      }
    }
  }

  @Test
  void percentilesNeverExceedTheMaximum() {
    // Renewals spread over two orders of magnitude with a slowest one at 18,452 ms: a percentile
    // read from a coarse histogram bucket once came out above the maximum (p99 18,521 ms).
    PhaseRecorder storm = recorder(new SimpleMeterRegistry());
    storm.start();
    for (long ms : new long[] {120, 450, 900, 2_400, 6_000}) {
      storm.recordOk(ms * MS);
    }
    storm.recordOk(18_452 * MS + 123_456);
    PhaseResult.Latency l = storm.snapshot().latencyMs();
    assertEquals(18_452.123_456, l.max(), 1e-6);
    assertTrue(l.p50() <= l.p90() && l.p90() <= l.p99() && l.p99() <= l.max(), l::toString);
    assertEquals(l.max(), l.p99(), l.max() * 0.001, "p99 is the slowest of six, within 0.1 %");
    assertEquals(900, l.p50(), 900 * 0.001, "p50 is the third of six");
  }

  @Test
  void aFailedTryIsCountedApartAndTheRequestOnceWhenItEnds() {
    PhaseRecorder storm = recorder(new SimpleMeterRegistry());
    storm.start();
    long a = storm.begin();
    long b = storm.begin();
    storm.failedTry("timeout", 30_000 * MS);
    storm.failedTry("badRequest", 5 * MS);
    storm.succeeded(a); // a's retry
    storm.failedTry("timeout", 30_000 * MS);
    storm.failed("timeout", b); // b's last try
    storm.end();

    PhaseResult r = storm.snapshot();
    assertEquals(1, r.ok());
    assertEquals(1, r.failed());
    assertEquals(3, r.failedTries());
    assertEquals(2, r.done());
    assertEquals(0, r.inFlight());
    assertEquals(Map.of("timeout", 3L, "badRequest", 1L), r.failuresByKind());
    assertEquals(1, storm.failed());
    assertEquals(3, storm.failedTries());
  }
}
