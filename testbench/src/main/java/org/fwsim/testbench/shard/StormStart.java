package org.fwsim.testbench.shard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The common start of a sharded storm ({@code --storm-at}): each shard boots and enrolls at its own
 * pace, then waits on the wall clock for one instant, so that the CA sees the whole fleet renew at
 * once. A shard still enrolling at that instant fails rather than start late, since a late shard
 * would measure a different storm. Without an instant the storm starts as soon as the shard is
 * ready. The wall clock is read here, at the testbench's edge; the simulation keeps its own.
 *
 * @param instant the instant of {@code --storm-at}, or null when the storm starts once ready
 * @param wall the wall clock the start is read on
 * @param pause how the shard waits for the instant
 */
public record StormStart(Instant instant, Clock wall, Pause pause) {

  /** How a shard waits for an instant; tests replace it with one that moves a fake clock. */
  @FunctionalInterface
  public interface Pause {
    /** Returns once {@code clock} reads {@code target} or later. */
    void until(Instant target, Clock clock) throws InterruptedException;
  }

  /** Sleeps in steps of at most a second, then parks the last part for a start within a ms. */
  public static final Pause SLEEP =
      (target, clock) -> {
        while (true) {
          Duration left = Duration.between(clock.instant(), target);
          if (left.isNegative() || left.isZero()) {
            return;
          }
          if (Thread.interrupted()) {
            throw new InterruptedException("waiting for --storm-at " + target);
          }
          LockSupport.parkNanos(Math.min(left.toNanos(), 1_000_000_000L));
        }
      };

  /** The storm starts as soon as the shard is ready. */
  public static StormStart whenReady(Clock wall) {
    return new StormStart(null, wall, SLEEP);
  }

  /** The storm starts at {@code at}; a shard not ready by then fails. */
  public static StormStart at(Instant at, Clock wall, Pause pause) {
    if (at == null) {
      throw new IllegalArgumentException("--storm-at needs an instant");
    }
    return new StormStart(at, wall, pause);
  }

  /**
   * Refuses an instant already past before anything starts: a shard started after the storm instant
   * could never be ready in time.
   */
  public void requireAhead() {
    Instant now = wall.instant();
    if (instant != null && !now.isBefore(instant)) {
      throw new LateShardException(
          "--storm-at " + instant + " is already past (now " + now + "): give an instant to come");
    }
  }

  /**
   * Waits until the storm instant and returns the wall time the shard's storm starts at; the
   * shard's own start when there is no instant.
   *
   * @param shard the shard's label, {@code i/n}, for the message of a late shard
   * @throws LateShardException when the shard is ready only after the instant
   */
  public Instant await(String shard) throws InterruptedException {
    Instant ready = wall.instant();
    if (instant == null) {
      return ready;
    }
    if (ready.isAfter(instant)) {
      throw new LateShardException(
          String.format(
              Locale.ROOT,
              "shard %s was ready at %s, %.3f s after --storm-at %s: start the shards earlier or"
                  + " give a later instant",
              shard,
              ready,
              Duration.between(instant, ready).toNanos() / 1e9,
              instant));
    }
    pause.until(instant, wall);
    return wall.instant();
  }

  /** A shard that missed the storm instant, or an instant already past; its message is one line. */
  public static final class LateShardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LateShardException(String message) {
      super(message);
    }
  }

  /** Reads {@code --storm-at} as an ISO-8601 UTC instant, e.g. {@code 2026-12-07T06:30:00Z}. */
  public static final class Converter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String text) {
      try {
        return Instant.parse(text.strip());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "--storm-at wants an ISO-8601 UTC instant such as 2026-12-07T06:30:00Z, got '"
                + text
                + "'");
      }
    }
  }
}
