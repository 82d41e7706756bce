package org.fwsim.hal.clock;

import java.time.Instant;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A renewal storm's worth of timers: schedule 1,000,000 (random deadlines over a year) then fire or
 * cancel them all; one op is one timer. Baseline in the same run: {@link PriorityQueue}, which
 * cannot cancel in O(log n) (remove(Object) is linear), so its cancel baseline uses the common
 * lazy-cancel trick (flag the entry, skip it when polled).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SchedulerBenchmark {

  static final int TIMERS = 1_000_000;
  static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  long[] deadlines;
  long maxDeadline;
  long fired;
  final Runnable task = () -> fired++;

  /** The baseline's entry: deadline, tie-break, task and a lazy-cancel flag. */
  static final class Entry implements Comparable<Entry> {
    final long deadline;
    final long sequence;
    final Runnable task;
    boolean cancelled;

    Entry(long deadline, long sequence, Runnable task) {
      this.deadline = deadline;
      this.sequence = sequence;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(deadline, o.deadline);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    deadlines = new long[TIMERS];
    for (int i = 0; i < TIMERS; i++) {
      deadlines[i] = T0 + random.nextLong(365L * 24 * 3600 * 1000);
      maxDeadline = Math.max(maxDeadline, deadlines[i]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(TIMERS)
  public long schedulerScheduleAndFire() {
    SimClock clock = SimClock.fastForward(Instant.ofEpochMilli(T0));
    Scheduler scheduler = new Scheduler(clock, new Activity());
    for (long d : deadlines) {
      scheduler.schedule(d, task);
    }
    clock.advanceTo(maxDeadline);
    return scheduler.runDue();
  }

  @Benchmark
  @OperationsPerInvocation(TIMERS)
  public int schedulerScheduleAndCancel() {
    SimClock clock = SimClock.fastForward(Instant.ofEpochMilli(T0));
    Scheduler scheduler = new Scheduler(clock, new Activity());
    Timer[] timers = new Timer[TIMERS];
    for (int i = 0; i < TIMERS; i++) {
      timers[i] = scheduler.schedule(deadlines[i], task);
    }
    int cancelled = 0;
    for (Timer t : timers) {
      cancelled += t.cancel() ? 1 : 0;
    }
    return cancelled;
  }

  @Benchmark
  @OperationsPerInvocation(TIMERS)
  public long baselinePriorityQueueScheduleAndFire() {
    PriorityQueue<Entry> queue = new PriorityQueue<>();
    long seq = 0;
    for (long d : deadlines) {
      queue.add(new Entry(d, seq++, task));
    }
    long ran = 0;
    Entry e;
    while ((e = queue.poll()) != null) {
      e.task.run();
      ran++;
    }
    return ran;
  }

  @Benchmark
  @OperationsPerInvocation(TIMERS)
  public int baselinePriorityQueueScheduleAndLazyCancel() {
    PriorityQueue<Entry> queue = new PriorityQueue<>();
    Entry[] entries = new Entry[TIMERS];
    for (int i = 0; i < TIMERS; i++) {
      entries[i] = new Entry(deadlines[i], i, task);
      queue.add(entries[i]);
    }
    for (Entry entry : entries) {
      entry.cancelled = true;
    }
    int skipped = 0;
    Entry e;
    while ((e = queue.poll()) != null) {
      skipped += e.cancelled ? 1 : 0; // the memory is held until the deadline would have passed
    }
    return skipped;
  }
}
