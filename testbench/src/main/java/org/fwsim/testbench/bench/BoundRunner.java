package org.fwsim.testbench.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs one {@link RenewalWork} per thread in a tight loop: all threads warm up together, then count
 * the renewals they start inside the measured window, by the one-second slice in which each
 * started. The rate is the median slice's renewals per second across all threads, counted on the
 * wall clock as a storm's rate is: a neighbour's burst on a shared machine moves one slice, not the
 * figure. Real time on purpose: the bound is a property of this machine's cores, not of the
 * simulation's virtual clock.
 */
final class BoundRunner {

  /** A thread that does not finish this long after its window closes is stuck, not slow. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  private BoundRunner() {}

  /** The longest slice of a window: a window of N seconds is cut into N slices (at least one). */
  static final Duration SLICE = Duration.ofSeconds(1);

  /**
   * Totals of one measurement: renewals started inside the window, the longest thread's time from
   * the window's start to the end of its last renewal, the median slice's rate, the threads' CPU
   * seconds for those renewals (-1 when the JVM cannot say), the appliance's share of the work
   * ({@link RenewalWork#applianceShare}, weighted by each thread's renewals) and every slice's rate
   * in order.
   */
  record Totals(
      long renewals,
      double seconds,
      double perSecond,
      long sink,
      double cpuSeconds,
      double applianceShare,
      double[] sliceRates) {

    /** The slowest and fastest slice against the median: how steady the machine was. */
    double spread() {
      double min = Arrays.stream(sliceRates).min().orElse(0);
      double max = Arrays.stream(sliceRates).max().orElse(0);
      return perSecond <= 0 ? 0 : (max - min) / perSecond;
    }
  }

  static Totals run(Supplier<RenewalWork> workers, int threads, Duration warmup, Duration window) {
    return run(workers, threads, warmup, window, System::nanoTime);
  }

  /** How many slices a window is cut into: one per {@link #SLICE}, at least one. */
  static int slices(Duration window) {
    return (int) Math.max(1, window.toNanos() / SLICE.toNanos());
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
    int slices = slices(window);
    long sliceNanos = window.toNanos() / slices;
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[][] counts = new long[threads][slices];
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
                  long to = from + sliceNanos * slices;
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
                      counts[id][(int) ((begin - from) / sliceNanos)]++;
                      lastEnd = nanoTime.getAsLong();
                    }
                  }
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
    long longest = 0;
    long cpu = 0;
    double share = 0;
    double[] rates = new double[slices];
    for (int i = 0; i < threads; i++) {
      long mine = Arrays.stream(counts[i]).sum();
      total += mine;
      cpu += cpuNanos[i];
      share += works.get(i).applianceShare() * mine;
      sink += sinks[i];
      longest = Math.max(longest, elapsed[i]);
      for (int k = 0; k < slices; k++) {
        rates[k] += counts[i][k] / (sliceNanos / 1e9);
      }
    }
    boolean cpuKnown = THREADS.isCurrentThreadCpuTimeSupported();
    return new Totals(
        total,
        longest / 1e9,
        median(rates),
        sink,
        cpuKnown ? cpu / 1e9 : -1,
        total == 0 ? Double.NaN : share / total,
        rates);
  }

  /** The middle value (the mean of the two middle ones for an even count). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** This thread's CPU time, 0 where the JVM cannot measure it. */
  private static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }
}
