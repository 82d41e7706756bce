package org.fwsim.testbench.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs one {@link RenewalWork} per thread in a tight loop: all threads warm up together, then count
 * the renewals they start inside the measured window. Real time on purpose: the bound is a property
 * of this machine's cores, not of the simulation's virtual clock.
 */
final class BoundRunner {

  /** A thread that does not finish this long after its window closes is stuck, not slow. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  private BoundRunner() {}

  /**
   * Totals of one measurement: renewals done inside the window, the summed per-thread rate, the
   * threads' CPU seconds in the window (-1 when the JVM cannot say) and the appliance's share of
   * the work ({@link RenewalWork#applianceShare}, weighted by each thread's renewals).
   */
  record Totals(
      long renewals,
      double seconds,
      double perSecond,
      long sink,
      double cpuSeconds,
      double applianceShare) {}

  static Totals run(Supplier<RenewalWork> workers, int threads, Duration warmup, Duration window) {
    return run(workers, threads, warmup, window, System::nanoTime);
  }

  /**
   * {@link #run(Supplier, int, Duration, Duration)} timed by {@code nanoTime}: tests give a source
   * that ticks on every read, so the window holds the same work however loaded the machine is.
   */
  static Totals run(
      Supplier<RenewalWork> workers,
      int threads,
      Duration warmup,
      Duration window,
      LongSupplier nanoTime) {
    List<RenewalWork> works = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      works.add(workers.get()); // built before timing: engines and buffers are set-up cost
    }
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] counts = new long[threads];
    long[] elapsed = new long[threads];
    long[] sinks = new long[threads];
    long[] cpuNanos = new long[threads];
    long[] windowStart = new long[1];
    List<Thread> started = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      int id = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  long from = windowStart[0];
                  long to = from + window.toNanos();
                  long count = 0;
                  long sink = 0;
                  long lastEnd = from;
                  RenewalWork work = works.get(id);
                  long cpuFrom = -1;
                  while (true) {
                    long begin = nanoTime.getAsLong();
                    if (begin >= to || failure.get() != null) {
                      break;
                    }
                    if (cpuFrom < 0 && begin >= from) {
                      work.windowOpened();
                      cpuFrom = threadCpuNanos();
                    }
                    sink += work.renewOnce();
                    if (begin >= from) {
                      count++;
                      lastEnd = nanoTime.getAsLong();
                    }
                  }
                  counts[id] = count;
                  cpuNanos[id] = cpuFrom < 0 ? 0 : threadCpuNanos() - cpuFrom;
                  elapsed[id] = lastEnd - from;
                  sinks[id] = sink;
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "crypto-bound-" + i);
      t.setDaemon(true);
      started.add(t);
      t.start();
    }
    // The window opens after the warm-up, for every thread at the same instant.
    windowStart[0] = nanoTime.getAsLong() + warmup.toNanos();
    go.countDown(); // the latch publishes windowStart to the threads
    // The grace is real time whatever times the window: it catches a stuck thread, not a slow one.
    long deadline = System.nanoTime() + warmup.toNanos() + window.toNanos() + GRACE.toNanos();
    for (Thread t : started) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while measuring the crypto bound", e);
      }
      if (t.isAlive()) {
        failure.compareAndSet(
            null,
            new IllegalStateException(
                t.getName()
                    + " did not finish within "
                    + GRACE.toSeconds()
                    + " s after the window closed"));
      }
    }
    Throwable error = failure.get();
    if (error != null) {
      throw new IllegalStateException("crypto bound failed: " + error, error);
    }
    long total = 0;
    long sink = 0;
    double rate = 0;
    long longest = 0;
    long cpu = 0;
    double share = 0;
    for (int i = 0; i < threads; i++) {
      total += counts[i];
      cpu += cpuNanos[i];
      share += works.get(i).applianceShare() * counts[i];
      sink += sinks[i];
      longest = Math.max(longest, elapsed[i]);
      if (elapsed[i] > 0) {
        rate += counts[i] / (elapsed[i] / 1e9);
      }
    }
    boolean cpuKnown = THREADS.isCurrentThreadCpuTimeSupported();
    return new Totals(
        total,
        longest / 1e9,
        rate,
        sink,
        cpuKnown ? cpu / 1e9 : -1,
        total == 0 ? Double.NaN : share / total);
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** This thread's CPU time, 0 where the JVM cannot measure it. */
  private static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }
}
