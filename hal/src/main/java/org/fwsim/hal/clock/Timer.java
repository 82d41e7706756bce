package org.fwsim.hal.clock;

/**
 * A deadline registered with a {@link Scheduler}: the handle a caller keeps to cancel it.
 *
 * <p>Its position in the scheduler's heap lives here, so cancel is O(log n) with no search.
 */
public final class Timer {

  final long deadline;

  /** Tie-break: timers with the same deadline fire in the order they were scheduled. */
  final long sequence;

  final Scheduler scheduler;
  Runnable task;

  /** Index in the heap, or -1 once fired or cancelled; guarded by the scheduler's lock. */
  int index = -1;

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

  boolean firesBefore(Timer other) {
    return deadline != other.deadline ? deadline < other.deadline : sequence < other.sequence;
  }

  @Override
  public String toString() {
    return "Timer[deadline=" + deadline + ", #" + sequence + "]";
  }
}
