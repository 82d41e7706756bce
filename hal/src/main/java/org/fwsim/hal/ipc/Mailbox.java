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
 * {@code MpscUnboundedXaddArrayQueue}; a whole idle mailbox is about 140 bytes. The capacity turns
 * a runaway producer into a clear {@link RejectedExecutionException} instead of an out-of-memory
 * error.
 *
 * <p>Two ways in, one queue (so one order). {@link #execute} brings new work (a command, a message
 * from another appliance) and is refused when the mailbox holds its capacity. {@link #complete}
 * brings the continuation of work this appliance already started (an IO reply, a timer it armed, a
 * place handed over) and is never refused for room: refusing it would lose the outcome, and the
 * work it belongs to would wait for ever. Completions need no bound of their own: each answers one
 * request in flight, and new requests come from messages, which are bounded.
 */
public final class Mailbox implements Executor {

  /** Not on the ready queue and nothing to run (as far as the last worker saw). */
  static final int IDLE = 0;

  /** On the ready queue or being drained by a worker; holds one {@code Activity} token. */
  static final int SCHEDULED = 1;

  private static final AtomicIntegerFieldUpdater<Mailbox> STATE =
      AtomicIntegerFieldUpdater.newUpdater(Mailbox.class, "state");

  /**
   * The queue's own bound, far above {@link #capacity}: room for completions beyond it. The queue
   * links chunks as it grows, so the bound costs nothing until used.
   */
  private static final int QUEUE_BOUND = 1 << 30;

  private final String owner;
  private final WorkerPool pool;
  private final int capacity;
  private final MpscChunkedUnpaddedArrayQueue<Runnable> queue;
  private volatile int state = IDLE;

  Mailbox(String owner, WorkerPool pool, int chunkSize, int capacity) {
    this.owner = owner;
    this.pool = pool;
    this.capacity = capacity;
    this.queue = new MpscChunkedUnpaddedArrayQueue<>(chunkSize, QUEUE_BOUND);
  }

  /**
   * Posts new work; it runs after every message posted before it from the same thread.
   *
   * @throws RejectedExecutionException if the mailbox holds its capacity (about: producers racing
   *     may pass it by a few) or the pool is closed
   */
  @Override
  public void execute(Runnable message) {
    check(message);
    if (queue.size() >= capacity) {
      throw new RejectedExecutionException(
          "mailbox " + owner + " is full (" + capacity + " messages waiting)");
    }
    post(message);
  }

  /**
   * Posts the continuation of work this appliance started (an IO reply, a timer it armed): as
   * {@link #execute}, in the same order, but never refused for room.
   *
   * @throws RejectedExecutionException only when the pool is closed (the appliance is gone)
   */
  public void complete(Runnable completion) {
    check(completion);
    post(completion);
  }

  /** {@link #complete} as an {@link Executor}, for {@code whenCompleteAsync} and IO clients. */
  public Executor completions() {
    return this::complete;
  }

  private void check(Runnable message) {
    if (message == null) {
      throw new NullPointerException("message posted to mailbox " + owner + " is null");
    }
    if (pool.isClosed()) {
      throw new RejectedExecutionException(
          "mailbox " + owner + ": worker pool " + pool.name() + " is closed");
    }
  }

  private void post(Runnable message) {
    if (!queue.offer(message)) { // a billion completions: memory ran out long before
      throw new RejectedExecutionException(
          "mailbox " + owner + " holds " + QUEUE_BOUND + " messages");
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
