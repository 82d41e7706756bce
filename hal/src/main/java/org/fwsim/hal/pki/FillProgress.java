package org.fwsim.hal.pki;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The progress of one {@link KeyPool} fill: how many keys of the target are in, readable at any
 * time (for a progress bar), and a future that completes with that number when the fill ends,
 * whether it reached the target, found the pool full, or was cancelled.
 */
public final class FillProgress {

  private final KeyPool pool;
  private final KeyType type;
  private final int target;
  private final AtomicInteger claimed = new AtomicInteger();
  private final AtomicInteger added = new AtomicInteger();
  private final AtomicInteger workers;
  private final CompletableFuture<Integer> completion = new CompletableFuture<>();
  private volatile boolean cancelled;
  private volatile boolean full;
  private volatile RuntimeException failure;

  FillProgress(KeyPool pool, KeyType type, int target, int workers) {
    this.pool = pool;
    this.type = type;
    this.target = target;
    this.workers = new AtomicInteger(workers);
  }

  public KeyType type() {
    return type;
  }

  /** How many keys this fill was asked for. */
  public int target() {
    return target;
  }

  /** How many keys this fill has put into the pool so far. */
  public int added() {
    return added.get();
  }

  /** Completes with {@link #added()} when the fill ends; exceptionally if key generation failed. */
  public CompletableFuture<Integer> completion() {
    return completion;
  }

  public boolean isDone() {
    return completion.isDone();
  }

  /** Whether the fill stopped early because the pool of its type was full. */
  public boolean isPoolFull() {
    return full;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Stops the fill after the key in progress; keys already added stay in the pool. */
  public void cancel() {
    cancelled = true;
  }

  @Override
  public String toString() {
    return "FillProgress["
        + type
        + " "
        + added()
        + "/"
        + target
        + (cancelled ? ", cancelled" : "")
        + (full ? ", pool full" : "")
        + (isDone() ? ", done" : "")
        + "]";
  }

  /** Generates one key if any is left to do; false when this worker should stop. */
  boolean step() {
    if (cancelled || pool.isClosed() || failure != null) {
      return false;
    }
    if (claimed.getAndIncrement() >= target) {
      return false;
    }
    try {
      if (!pool.generateInto(type)) {
        full = true;
        return false;
      }
    } catch (RuntimeException e) {
      failure = e;
      return false;
    }
    added.incrementAndGet();
    return true;
  }

  /** Queues one step on the executor; the step queues the next one itself, until it stops. */
  void submitStep(Executor executor) {
    try {
      executor.execute(
          () -> {
            boolean more = false;
            try {
              more = step();
            } finally {
              if (more) {
                submitStep(executor);
              } else {
                workerDone();
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // The executor is shutting down: this worker ends here, and the fill with it.
      cancelled = true;
      workerDone();
    }
  }

  RuntimeException failure() {
    return failure;
  }

  void workerDone() {
    if (workers.decrementAndGet() == 0) {
      pool.finished(this);
      if (failure != null) {
        completion.completeExceptionally(failure);
      } else {
        completion.complete(added.get());
      }
    }
  }
}
