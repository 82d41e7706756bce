package org.fwsim.testbench.bench;

import java.time.Duration;

/**
 * How many SCEP transactions the run keeps under way when the user gave no bound: what the CA got
 * through lately times a target wait (Little's law: in flight = rate x time in the system), between
 * a floor and the automatic bound. On a quiet machine the bound holds; on a loaded one, where the
 * embedded CA answered 5 enrollments a second instead of 300, the window shrinks so that a request
 * still waits a few seconds, not past the transport's 30-second step timeout.
 *
 * <p>Clock-free: the caller reads its clock and its count of ended transactions. Safe from any
 * thread.
 */
final class InFlightTarget {

  /**
   * The wait a transaction is given: a tenth of the transport's 30 s step timeout, as the rate can
   * fall faster than a reading a second follows. With 5 s, the 100,000-device storm's JVM on a
   * machine loaded 15-fold lost half its CPU share within seconds (a profiler attached), and 74
   * enrollment tries timed out.
   */
  static final Duration TARGET = Duration.ofSeconds(3);

  /** The least kept under way per core, so that a slow start never stalls the pipeline. */
  static final int FLOOR_PER_CORE = 2;

  private final int floor;
  private final int ceiling;
  private final double targetSeconds;
  private int limit;
  private double rate = -1;
  private long lastCount;
  private long lastNanos = -1;

  /**
   * @param floor the least, 1 or more
   * @param ceiling the most, and the limit until the first rate is known
   */
  InFlightTarget(int floor, int ceiling, Duration target) {
    if (floor < 1 || ceiling < floor) {
      throw new IllegalArgumentException(
          "in-flight target needs 1 <= floor <= ceiling, got " + floor + ", " + ceiling);
    }
    this.floor = floor;
    this.ceiling = ceiling;
    this.targetSeconds = target.toNanos() / 1e9;
    this.limit = ceiling;
  }

  /** The floor for {@code cores}, never above {@code ceiling}. */
  static int floor(int cores, int ceiling) {
    return Math.max(1, Math.min(ceiling, FLOOR_PER_CORE * Math.max(1, cores)));
  }

  synchronized int limit() {
    return limit;
  }

  /**
   * {@code ended} transactions (issued or failed) so far, read at {@code nanos}: returns the new
   * limit. The rate is smoothed over the updates (half of each), so one second without an answer (a
   * collection) does not empty the window.
   */
  synchronized int update(long ended, long nanos) {
    if (lastNanos >= 0 && nanos > lastNanos) {
      double now = Math.max(0, ended - lastCount) * 1e9 / (nanos - lastNanos);
      rate = rate < 0 ? now : (rate + now) / 2;
      limit = (int) Math.max(floor, Math.min(ceiling, Math.floor(rate * targetSeconds)));
    }
    lastCount = ended;
    lastNanos = nanos;
    return limit;
  }

  /**
   * A new phase: its counter starts again at 0, and the limit is the ceiling again until its first
   * rate is known. The last phase's tail (a few certificates left, a low rate) says nothing about
   * the next one's, which every appliance starts at once.
   */
  synchronized void restart() {
    lastNanos = -1;
    rate = -1;
    limit = ceiling;
  }
}
