package org.fwsim.testbench.ca;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small pool that does the CA's crypto (decrypt, verify, issue, sign) off the event loops, fed
 * by a bounded queue. {@link #tryExecute} never blocks: a full queue is the caller's cue to answer
 * HTTP 503 at once.
 */
final class CaWorkers implements Executor, AutoCloseable {

  /**
   * A worker's stack. SCEP work needs little; a small stack makes an ASN.1 nesting bomb overflow
   * after a quarter of the recursion a default 1 MiB stack allows, so a crafted request costs a
   * worker a quarter of the time.
   */
  static final long STACK_BYTES = 256 * 1024;

  private final ThreadPoolExecutor pool;

  CaWorkers(int threads, int queueCapacity) {
    if (threads < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException(
          "CA workers need >= 1 thread and queue capacity, got " + threads + "/" + queueCapacity);
    }
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            r -> {
              Thread t = new Thread(null, r, "fwsim-ca-worker-" + n.incrementAndGet(), STACK_BYTES);
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Queues the task; false when the queue is full or the pool is shut down. */
  boolean tryExecute(Runnable task) {
    try {
      pool.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public void execute(Runnable task) {
    if (!tryExecute(task)) {
      throw new RejectedExecutionException("CA work queue is full");
    }
  }

  int queued() {
    return pool.getQueue().size();
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
