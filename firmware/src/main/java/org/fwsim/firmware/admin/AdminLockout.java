package org.fwsim.firmware.admin;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed logins per source address and the lockouts they cause, in appliance time. FortiOS locks
 * out the address, not the account: a locked-out source is refused even with the right password,
 * other sources still log in.
 *
 * <p>Mailbox only. Memory: nothing until a login fails; one small entry per failing source.
 */
final class AdminLockout {
  private final InstantSource clock;
  private Map<Integer, Failures> bySource;

  /** Failures counted since the last success or release, and when a lockout ends (0: none). */
  private static final class Failures {
    int count;
    long lockedUntilMillis;
  }

  AdminLockout(InstantSource clock) {
    this.clock = clock;
  }

  /** How long {@code source} stays locked out; zero when it is not (a lapsed lockout is lifted). */
  Duration remaining(int source) {
    Failures f = bySource == null ? null : bySource.get(source);
    if (f == null || f.lockedUntilMillis == 0) {
      return Duration.ZERO;
    }
    long left = f.lockedUntilMillis - clock.millis();
    if (left <= 0) {
      bySource.remove(source);
      return Duration.ZERO;
    }
    return Duration.ofMillis(left);
  }

  /**
   * Counts a failure from {@code source}; at {@code threshold} failures the source is locked out
   * for {@code duration}.
   *
   * @return whether this failure started a lockout
   */
  boolean failed(int source, int threshold, Duration duration) {
    if (bySource == null) {
      bySource = new HashMap<>(4);
    }
    Failures f = bySource.computeIfAbsent(source, s -> new Failures());
    if (++f.count >= threshold) {
      f.lockedUntilMillis = clock.millis() + duration.toMillis();
      return true;
    }
    return false;
  }

  /** A successful login forgets the source's failures. */
  void succeeded(int source) {
    if (bySource != null) {
      bySource.remove(source);
    }
  }
}
