package org.fwsim.testbench.probe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The process's CPU seconds by kind of thread ({@link ThreadCpu.Group}) as Micrometer counters,
 * {@code fwsim.process.cpu.by.thread{thread=appliances|ca|network|keygen|jit|gc|other}}: seven
 * series whatever the fleet's size. One reading of {@code /proc} serves a scrape's seven counters;
 * a counter never goes back when a thread of its kind ends.
 */
public final class ThreadCpuMetrics implements MeterBinder {

  /** Readings closer together than this reuse the last one: one scrape reads all seven. */
  private static final long REUSE_NANOS = 500_000_000L;

  private final Supplier<ThreadCpu.Snapshot> source;
  private final LongSupplier nanoTime;
  private final EnumMap<ThreadCpu.Group, Long> highest = new EnumMap<>(ThreadCpu.Group.class);
  private long readAt;
  private boolean read;

  public ThreadCpuMetrics() {
    this(ThreadCpu::take, System::nanoTime);
  }

  ThreadCpuMetrics(Supplier<ThreadCpu.Snapshot> source, LongSupplier nanoTime) {
    this.source = source;
    this.nanoTime = nanoTime;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (ThreadCpu.Group g : ThreadCpu.Group.values()) {
      FunctionCounter.builder("fwsim.process.cpu.by.thread", this, m -> m.seconds(g))
          .tag("thread", g.label())
          .baseUnit("seconds")
          .description("CPU time of the process's threads of one kind (Linux /proc)")
          .register(registry);
    }
  }

  /** CPU seconds of a group's live threads, never less than a previous answer. */
  synchronized double seconds(ThreadCpu.Group group) {
    long now = nanoTime.getAsLong();
    if (!read || now - readAt >= REUSE_NANOS) {
      read = true;
      readAt = now;
      source.get().totals().forEach((g, n) -> highest.merge(g, n, Math::max));
    }
    return highest.getOrDefault(group, 0L) / 1e9;
  }
}
