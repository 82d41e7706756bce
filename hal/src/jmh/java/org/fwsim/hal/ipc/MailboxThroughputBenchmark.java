package org.fwsim.hal.ipc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.hal.clock.Activity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * End-to-end message throughput: 4 producer threads post bursts into 1,000 mailboxes drained by the
 * {@link WorkerPool}; each burst counts once all its messages have run. Baseline in the same run:
 * the same messages through a JDK fixed thread pool with the same number of threads (one shared
 * LinkedBlockingQueue, no per-appliance ordering), i.e. what a plain executor hand-off costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MailboxThroughputBenchmark {

  static final int BURST = 1_000;

  @Param("1000")
  int mailboxes;

  @Param("0")
  int workers; // 0: one per available processor

  WorkerPool pool;
  Mailbox[] fleet;
  ExecutorService baseline;

  /** One producer: its own completion counter, so bursts of different producers do not mix. */
  @State(Scope.Thread)
  public static class Producer {
    final AtomicLong done = new AtomicLong();
    final Runnable message = done::incrementAndGet;
    long sent;
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    int threads = workers == 0 ? WorkerPool.defaultThreads() : workers;
    pool = new WorkerPool("bench-worker", threads, new Activity());
    fleet = new Mailbox[mailboxes];
    for (int i = 0; i < mailboxes; i++) {
      fleet[i] = pool.newMailbox("FGT" + i);
    }
    pool.start();
    baseline = Executors.newFixedThreadPool(threads);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    pool.close();
    baseline.shutdown();
    baseline.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(BURST)
  public void mailboxes(Producer p) {
    Mailbox[] boxes = fleet;
    for (int i = 0; i < BURST; i++) {
      boxes[p.next].execute(p.message);
      p.next = p.next + 1 == boxes.length ? 0 : p.next + 1;
    }
    awaitBurst(p);
  }

  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(BURST)
  public void baselineThreadPoolExecutor(Producer p) {
    for (int i = 0; i < BURST; i++) {
      baseline.execute(p.message);
    }
    awaitBurst(p);
  }

  private static void awaitBurst(Producer p) {
    p.sent += BURST;
    while (p.done.get() < p.sent) {
      Thread.yield(); // 2 cores shared with the workers: give them the CPU
    }
  }
}
