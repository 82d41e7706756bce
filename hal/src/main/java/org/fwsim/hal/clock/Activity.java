package org.fwsim.hal.clock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the work in flight in a simulation, so fast-forward knows when everything is quiet.
 *
 * <p>Holders of a token: a mailbox from the moment it becomes ready until it goes idle again (one
 * token per busy mailbox, not per message, so the counter is touched once per idle/busy
 * transition); an IO operation between {@link #ioStarted()} and {@link #ioFinished()}. The rule
 * that makes the quiet signal sound: post your follow-up work (e.g. the IO completion message)
 * <em>before</em> releasing your own token, so the count never touches zero while work is being
 * handed over.
 *
 * <p>The hot path is one atomic add; the lock is taken only when the count reaches zero while
 * someone is waiting for quiet.
 */
public final class Activity {

  private final AtomicLong pending = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition quiet = lock.newCondition();

  /** A mailbox became ready, or any other unit of work started. */
  public void begin() {
    pending.incrementAndGet();
  }

  /** The work started by the matching {@link #begin()} is done. */
  public void end() {
    long left = pending.decrementAndGet();
    if (left < 0) {
      pending.incrementAndGet();
      throw new IllegalStateException(
          "Activity.end() without a matching begin(): pending would be " + left);
    }
    if (left == 0 && waiters.get() > 0) {
      signalQuiet();
    }
  }

  /** A socket operation (connect, request awaiting a reply) is in flight. */
  public void ioStarted() {
    begin();
  }

  /** The IO operation finished; call after its completion was posted to a mailbox. */
  public void ioFinished() {
    end();
  }

  /** Units of work in flight now. */
  public long pending() {
    return pending.get();
  }

  /** Whether nothing is in flight now. */
  public boolean isQuiet() {
    return pending.get() == 0;
  }

  /** Parks until quiet or until the timeout has passed; returns whether it is quiet. */
  public boolean awaitQuiet(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      // Announce before checking: end() reads waiters after its decrement, so one of us sees the
      // other.
      waiters.incrementAndGet();
      try {
        while (!isQuiet() && nanos > 0) {
          nanos = quiet.awaitNanos(nanos);
        }
        return isQuiet();
      } finally {
        waiters.decrementAndGet();
      }
    } finally {
      lock.unlock();
    }
  }

  private void signalQuiet() {
    lock.lock();
    try {
      quiet.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Activity[pending=" + pending.get() + "]";
  }
}
