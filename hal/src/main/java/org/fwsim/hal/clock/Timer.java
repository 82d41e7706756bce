package org.fwsim.hal.clock;

/**
 * A deadline registered with a {@link Scheduler}: the handle a caller keeps to cancel it.
 *
 * <p>Its position in the scheduler's heap lives here (guarded by the scheduler's lock), so cancel
 * is O(log n) with no search.
 */
public final class Timer extends IndexedHeap.Entry {

  final long deadline;

  /** Tie-break: timers with the same deadline fire in the order they were scheduled. */
  final long sequence;

  final Scheduler scheduler;
  Runnable task;

  Timer(Scheduler scheduler, long deadline, long sequence, Runnable task) {
    this.scheduler = scheduler;
    this.deadline = deadline;
    this.sequence = sequence;
    this.task = task;
  }

  /** The simulation time (epoch millis) at which this timer fires. */
  public long deadlineMillis() {
    return deadline;
  }

  /** Removes the timer if it has not fired yet; returns whether it was still pending. */
  public boolean cancel() {
    return scheduler.cancel(this);
  }

  /** Whether the timer is still waiting to fire. */
  public boolean isPending() {
    return scheduler.isPending(this);
  }

  /** Earliest deadline first; timers with the same deadline in the order they were scheduled. */
  static int byDeadline(Timer a, Timer b) {
    return a.deadline != b.deadline
        ? Long.compare(a.deadline, b.deadline)
        : Long.compare(a.sequence, b.sequence);
  }

  @Override
  public String toString() {
    return "Timer[deadline=" + deadline + ", #" + sequence + "]";
  }
}
