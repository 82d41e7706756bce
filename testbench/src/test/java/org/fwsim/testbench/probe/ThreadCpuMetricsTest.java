package org.fwsim.testbench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadCpuMetricsTest {

  private static ThreadCpu.Snapshot snapshot(long workerNanos, long jitNanos) {
    return new ThreadCpu.Snapshot(
        Map.of(
            1L, new ThreadCpu.Sample(ThreadCpu.Group.APPLIANCES, workerNanos),
            2L, new ThreadCpu.Sample(ThreadCpu.Group.JIT, jitNanos)));
  }

  @Test
  void countsEachKindOnceAScrapeAndNeverGoesBack() {
    Deque<ThreadCpu.Snapshot> readings = new ArrayDeque<>();
    readings.add(snapshot(2_000_000_000L, 500_000_000L));
    readings.add(snapshot(3_000_000_000L, 100_000_000L)); // the JIT thread was replaced: less
    AtomicLong now = new AtomicLong();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ThreadCpuMetrics(readings::poll, now::get).bindTo(registry);
    FunctionCounter appliances =
        registry.get("fwsim.process.cpu.by.thread").tag("thread", "appliances").functionCounter();
    FunctionCounter jit =
        registry.get("fwsim.process.cpu.by.thread").tag("thread", "jit").functionCounter();
    FunctionCounter ca =
        registry.get("fwsim.process.cpu.by.thread").tag("thread", "ca").functionCounter();

    assertEquals(2.0, appliances.count(), 1e-9);
    assertEquals(0.5, jit.count(), 1e-9); // same scrape: the same reading
    assertEquals(0.0, ca.count(), 1e-9);
    assertEquals(1, readings.size(), "one reading for the scrape");

    now.addAndGet(1_000_000_000L);
    assertEquals(3.0, appliances.count(), 1e-9);
    assertEquals(0.5, jit.count(), 1e-9, "a counter does not go back");
    assertEquals(7, registry.find("fwsim.process.cpu.by.thread").functionCounters().size());
  }
}
