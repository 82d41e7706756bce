package org.fwsim.hal.ipc;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.unpadded.MpscChunkedUnpaddedArrayQueue;

/**
 * An appliance's inbox: any thread may {@link #execute} a message into it; the {@link WorkerPool}
 * runs its messages in order, on one thread at a time.
 *
 * <p>The queue is JCTools' {@code MpscChunkedUnpaddedArrayQueue}: multi-producer (Netty loops, the
 * scheduler, other appliances), single consumer (whichever worker holds the mailbox). Chosen for
 * the idle fleet: it keeps one small chunk (8 slots) and links further chunks only during a burst,
 * dropping them once drained; it allocates no node per message (unlike a linked queue); and the
 * unpadded variant skips the false-sharing padding that 10,000 mostly idle mailboxes gain nothing
 * from. Measured empty (JDK 17, compressed oops): 128 bytes, against 630 for the padded {@code
 * MpscChunkedArrayQueue}, 424 for {@code MpscLinkedQueue} (plus a node per message) and 1,328 for
 * {@code MpscUnboundedXaddArrayQueue}; a whole idle mailbox is about 140 bytes. The maximum
 * capacity turns a runaway producer into a clear {@link RejectedExecutionException} instead of an
 * out-of-memory error.
 */
public final class Mailbox implements Executor {

  /** Not on the ready queue and nothing to run (as far as the last worker saw). */
  static final int IDLE = 0;

  /** On the ready queue or being drained by a worker; holds one {@code Activity} token. */
  static final int SCHEDULED = 1;

  private static final AtomicIntegerFieldUpdater<Mailbox> STATE =
      AtomicIntegerFieldUpdater.newUpdater(Mailbox.class, "state");

  private final String owner;
  private final WorkerPool pool;
  private final MpscChunkedUnpaddedArrayQueue<Runnable> queue;
  private volatile int state = IDLE;

  Mailbox(String owner, WorkerPool pool, int chunkSize, int maxCapacity) {
    this.owner = owner;
    this.pool = pool;
    this.queue = new MpscChunkedUnpaddedArrayQueue<>(chunkSize, maxCapacity);
  }

  /**
   * Posts {@code message}; it runs after every message posted before it from the same thread.
   *
   * @throws RejectedExecutionException if the mailbox is full or the pool is closed
   */
  @Override
  public void execute(Runnable message) {
    if (message == null) {
      throw new NullPointerException("message posted to mailbox " + owner + " is null");
    }
    if (pool.isClosed()) {
      throw new RejectedExecutionException(
          "mailbox " + owner + ": worker pool " + pool.name() + " is closed");
    }
    if (!queue.offer(message)) {
      throw new RejectedExecutionException(
          "mailbox " + owner + " is full (" + queue.capacity() + " messages waiting)");
    }
    // Only the idle -> scheduled transition puts the mailbox on the ready queue, so it is there at
    // most once.
    if (state == IDLE && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
      pool.makeReady(this);
    }
  }

  /** Who this mailbox belongs to (an appliance serial), for error messages. */
  public String owner() {
    return owner;
  }

  /** Messages waiting now (approximate while producers are busy). */
  public int size() {
    return queue.size();
  }

  /** Whether no worker holds or is about to hold this mailbox. */
  public boolean isIdle() {
    return state == IDLE;
  }

  /**
   * Runs up to {@code limit} messages on the calling worker; returns true if the mailbox must go
   * back on the ready queue (it still holds its activity token), false if it went idle.
   */
  boolean drain(MessagePassingQueue.Consumer<Runnable> runner, int limit) {
    queue.drain(runner, limit);
    if (!queue.isEmpty()) {
      return true;
    }
    state = IDLE;
    // A producer may have offered after our emptiness check but seen SCHEDULED: take it back.
    return !queue.isEmpty() && STATE.compareAndSet(this, IDLE, SCHEDULED);
  }

  @Override
  public String toString() {
    return "Mailbox["
        + owner
        + ", "
        + (state == IDLE ? "idle" : "scheduled")
        + ", "
        + queue.size()
        + " waiting]";
  }
}
