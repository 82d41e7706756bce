package org.fwsim.hal.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongUnaryOperator;

/**
 * The simulation's virtual time, shared by every appliance of one hypervisor, in epoch millis.
 *
 * <p>This is the only class in hal and firmware that reads the real time ({@link
 * System#nanoTime()}). Readers are lock-free: the clock state is an immutable {@link Epoch}
 * published through an atomic reference, so {@link #millis()} costs one volatile read and, outside
 * fast-forward, one {@code nanoTime} call.
 */
public final class SimClock implements InstantSource {

  /**
   * Virtual {@code virtualMillis} was true at real {@code realNanos}; time runs from there at
   * {@code factor} (0 in fast-forward, where only {@link #advanceTo} moves it).
   */
  private record Epoch(long virtualMillis, long realNanos, ClockMode mode, double factor) {
    long millisAt(long nowNanos) {
      long elapsed = nowNanos - realNanos;
      switch (mode) {
        case REALTIME:
          return virtualMillis + elapsed / 1_000_000L;
        case SCALED:
          return virtualMillis + (long) Math.floor(elapsed * factor / 1_000_000.0);
        default:
          return virtualMillis;
      }
    }
  }

  private final AtomicReference<Epoch> epoch;

  /** Told about every jump, set and mode change, so a waiting scheduler recomputes its wait. */
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  private SimClock(Instant start, ClockMode mode, double factor) {
    Objects.requireNonNull(start, "start");
    this.epoch =
        new AtomicReference<>(new Epoch(start.toEpochMilli(), System.nanoTime(), mode, factor));
  }

  /** A clock that starts at {@code start} and follows real time. */
  public static SimClock realtime(Instant start) {
    return new SimClock(start, ClockMode.REALTIME, 1.0);
  }

  /** A clock that starts at {@code start} and runs {@code factor} times faster than real time. */
  public static SimClock scaled(Instant start, double factor) {
    return new SimClock(start, ClockMode.SCALED, checkFactor(factor));
  }

  /**
   * A clock that starts at {@code start} and moves only when advanced or jumped by the scheduler.
   */
  public static SimClock fastForward(Instant start) {
    return new SimClock(start, ClockMode.FAST_FORWARD, 0.0);
  }

  @Override
  public long millis() {
    Epoch e = epoch.get();
    return e.mode == ClockMode.FAST_FORWARD ? e.virtualMillis : e.millisAt(System.nanoTime());
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  /** The current mode. */
  public ClockMode mode() {
    return epoch.get().mode;
  }

  /** Virtual seconds per real second: 1 in REALTIME, the factor in SCALED, 0 in FAST_FORWARD. */
  public double factor() {
    return epoch.get().factor;
  }

  /**
   * Switches to REALTIME or FAST_FORWARD from the current virtual time (use {@link #setScale} for
   * SCALED).
   */
  public void setMode(ClockMode mode) {
    Objects.requireNonNull(mode, "mode");
    switch (mode) {
      case REALTIME:
        rebase(LongUnaryOperator.identity(), mode, 1.0);
        break;
      case FAST_FORWARD:
        rebase(LongUnaryOperator.identity(), mode, 0.0);
        break;
      default:
        throw new IllegalArgumentException(
            "clock mode SCALED needs a factor: use setScale(factor)");
    }
  }

  /** Switches to SCALED at {@code factor} x real time from the current virtual time. */
  public void setScale(double factor) {
    rebase(LongUnaryOperator.identity(), ClockMode.SCALED, checkFactor(factor));
  }

  /** Moves the whole simulation forward by {@code amount} (console: {@code sim clock advance}). */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          "cannot advance the clock by a negative duration: " + amount);
    }
    long delta = amount.toMillis();
    rebase(current -> current + delta, null, 0);
  }

  /**
   * Sets the whole simulation to {@code time}, forwards or backwards. Timers keep their absolute
   * deadlines: after a backward set they are simply further away.
   */
  public void set(Instant time) {
    Objects.requireNonNull(time, "time");
    long target = time.toEpochMilli();
    rebase(current -> target, null, 0);
  }

  /** Moves the clock forward to {@code targetMillis}; never backwards. Returns whether it moved. */
  boolean advanceTo(long targetMillis) {
    while (true) {
      Epoch e = epoch.get();
      long now = System.nanoTime();
      long current = e.millisAt(now);
      if (targetMillis <= current) {
        return false;
      }
      if (epoch.compareAndSet(e, new Epoch(targetMillis, now, e.mode, e.factor))) {
        fireChanged();
        return true;
      }
    }
  }

  /**
   * Real nanoseconds until virtual {@code deadlineMillis} at the current pace; 0 if already
   * reached, {@link Long#MAX_VALUE} in fast-forward (real time alone will never get there).
   */
  long realNanosUntil(long deadlineMillis) {
    Epoch e = epoch.get();
    long remaining = deadlineMillis - e.millisAt(System.nanoTime());
    if (remaining <= 0) {
      return 0;
    }
    if (e.mode == ClockMode.FAST_FORWARD) {
      return Long.MAX_VALUE;
    }
    double nanos = Math.ceil(remaining * 1_000_000.0 / e.factor);
    return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos;
  }

  void addListener(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /**
   * Starts a new epoch at the current real time with the virtual time {@code next(current)}; {@code
   * mode} null keeps mode and factor.
   */
  private void rebase(LongUnaryOperator next, ClockMode mode, double factor) {
    while (true) {
      Epoch e = epoch.get();
      long now = System.nanoTime();
      long virtual = next.applyAsLong(e.millisAt(now));
      Epoch replacement =
          mode == null
              ? new Epoch(virtual, now, e.mode, e.factor)
              : new Epoch(virtual, now, mode, factor);
      if (epoch.compareAndSet(e, replacement)) {
        fireChanged();
        return;
      }
    }
  }

  private void fireChanged() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  private static double checkFactor(double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          "clock scale factor must be a finite number > 0, got " + factor);
    }
    return factor;
  }

  @Override
  public String toString() {
    Epoch e = epoch.get();
    return "SimClock["
        + instant()
        + ", "
        + e.mode
        + (e.mode == ClockMode.SCALED ? " x" + e.factor : "")
        + "]";
  }
}
