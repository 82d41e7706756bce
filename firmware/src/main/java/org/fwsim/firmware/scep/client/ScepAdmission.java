package org.fwsim.firmware.scep.client;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * When a SCEP transaction may start: at once ({@link #UNLIMITED}, every appliance on its own, as
 * real FortiGates are), or only while fewer than N transactions are outstanding across everything
 * that shares this object (a testbench's {@code --max-in-flight}, to spare a CA that cannot take a
 * whole fleet at once). Outstanding means from the first request until the transaction ends,
 * CertPoll waits included.
 *
 * <p>Never blocks: a transaction that finds no free place leaves its start behind in a lock-free
 * queue, and whichever transaction ends next hands its place on (the start only posts to the
 * waiting appliance's mailbox, so a handover is cheap and runs on the thread that released).
 * Waiting starts are not {@link org.fwsim.hal.clock.Activity}: while they wait, the holders of the
 * places are in flight, so fast-forward cannot jump past them.
 */
public final class ScepAdmission {

  /** No bound: every transaction starts at once. */
  public static final ScepAdmission UNLIMITED = new ScepAdmission(0);

  private static final System.Logger LOG = System.getLogger(ScepAdmission.class.getName());

  /** The bound now; changed only by {@link #resize}, 0 for {@link #UNLIMITED}. */
  private volatile int limit;

  /** Places free: the bound less the places held; below 0 while a smaller bound drains. */
  private final AtomicInteger free;

  private final MpmcUnboundedXaddArrayQueue<Runnable> waiting;
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong queued = new AtomicLong();

  private ScepAdmission(int limit) {
    this.limit = limit;
    this.free = new AtomicInteger(limit);
    this.waiting = limit == 0 ? null : new MpmcUnboundedXaddArrayQueue<>(256);
  }

  /**
   * At most {@code maxInFlight} transactions outstanding at once among all users of the result.
   *
   * @throws IllegalArgumentException unless {@code maxInFlight} is 1 or more
   */
  public static ScepAdmission bounded(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException(
          "at most N SCEP transactions in flight needs N >= 1, got " + maxInFlight);
    }
    return new ScepAdmission(maxInFlight);
  }

  /** The bound, 0 for {@link #UNLIMITED}. */
  public int limit() {
    return limit;
  }

  /**
   * A new bound, e.g. as a testbench follows what its CA answers in time. A larger bound starts
   * waiting transactions at once; a smaller one lets those in flight finish and starts none until
   * fewer than the new bound hold a place.
   *
   * @throws IllegalArgumentException unless {@code maxInFlight} is 1 or more
   * @throws IllegalStateException on {@link #UNLIMITED}
   */
  public synchronized void resize(int maxInFlight) {
    if (waiting == null) {
      throw new IllegalStateException("an unlimited admission has no bound to change");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException(
          "at most N SCEP transactions in flight needs N >= 1, got " + maxInFlight);
    }
    int more = maxInFlight - limit;
    limit = maxInFlight;
    free.addAndGet(more);
    handOver();
  }

  /**
   * Takes a place for a transaction starting on the caller's turn. True when one was free and no
   * start waits before it: the caller starts at once and holds the place until {@link #release()}.
   * False when it must wait: {@code handedOver} runs once a place is handed over, holding it, on
   * whichever thread hands it over (maybe this one, maybe before this returns), so it must only
   * post the start to the transaction's mailbox, quickly, and release the place if it cannot.
   *
   * <p>The answer is the only thing the caller learns on its own turn: a flag the handover would
   * set for the caller to read after {@code enter} returned is a race, as the handover may run on
   * another thread between the caller's offer and its read (a start left holding a place and never
   * run; 13 of a 100,000-certificate enrollment stayed in flight for ever).
   */
  public boolean enter(Runnable handedOver) {
    if (waiting == null) {
      return true;
    }
    if (waiting.isEmpty() && takePlace()) {
      admitted.incrementAndGet();
      return true;
    }
    await(handedOver);
    return false;
  }

  /** A free place, taken; false when none is free. */
  private boolean takePlace() {
    while (true) {
      int places = free.get();
      if (places <= 0) {
        return false;
      }
      if (free.compareAndSet(places, places - 1)) {
        return true;
      }
    }
  }

  /**
   * Queues {@code start} for a place: it runs at once if one is free and none waits before it (on
   * this thread, within this call), else when one is handed over; each run holds one place until
   * {@link #release()}.
   */
  private void await(Runnable start) {
    queued.incrementAndGet();
    waiting.offer(start);
    handOver();
  }

  /**
   * The place taken by one {@link #enter} (at once or by a handover) is free again. Exactly once
   * per admitted start.
   */
  public void release() {
    if (waiting == null) {
      return;
    }
    free.incrementAndGet();
    handOver();
  }

  /**
   * Starts waiting transactions while places are free. Both sides call it after changing their half
   * (a queued start, a freed place), so one of them always sees the other's change.
   */
  private void handOver() {
    while (true) {
      int places = free.get();
      if (places <= 0 || waiting.isEmpty()) {
        return;
      }
      if (!free.compareAndSet(places, places - 1)) {
        continue;
      }
      Runnable next = waiting.poll();
      if (next == null) { // another thread took it between isEmpty and poll
        free.incrementAndGet();
        continue;
      }
      queued.decrementAndGet();
      admitted.incrementAndGet();
      try {
        next.run();
      } catch (RuntimeException e) {
        // The start gave its place back; the others still wait for theirs.
        LOG.log(
            System.Logger.Level.WARNING,
            "SCEP admission: a waiting transaction could not start",
            e);
      }
    }
  }

  /** Transactions outstanding now (0 when unlimited: nothing is counted then). */
  public int inFlight() {
    return waiting == null ? 0 : Math.max(0, limit - free.get());
  }

  /** Starts waiting for a place now. */
  public long waiting() {
    return queued.get();
  }

  /** Starts admitted so far (not counted when unlimited). */
  public long admitted() {
    return admitted.get();
  }

  @Override
  public String toString() {
    return limit == 0
        ? "ScepAdmission[unlimited]"
        : "ScepAdmission[limit="
            + limit
            + ", in flight="
            + inFlight()
            + ", waiting="
            + waiting()
            + "]";
  }
}
