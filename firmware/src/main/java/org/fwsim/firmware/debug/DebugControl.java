package org.fwsim.firmware.debug;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.UnaryOperator;

/**
 * One appliance's {@code diagnose debug} state and its per-application {@link Trace}s.
 *
 * <p>Small on purpose (a fleet holds 10,000): one volatile reference to an immutable {@link
 * DebugSettings} (shared defaults until a command changes something) and one {@code Trace} per
 * application. Commands may come from the console thread while traces run on the appliance's worker
 * and on event loops, so changes are compare-and-set replacements of the snapshot.
 */
public final class DebugControl {
  private static final AtomicReferenceFieldUpdater<DebugControl, DebugSettings> SETTINGS =
      AtomicReferenceFieldUpdater.newUpdater(DebugControl.class, DebugSettings.class, "settings");
  private static final long MINUTE_MILLIS = 60_000L;

  private volatile DebugSettings settings = DebugSettings.DEFAULTS;
  private final InstantSource clock;
  private final DebugSink sink;
  private final Trace[] traces;

  /**
   * @param clock the appliance's virtual clock (duration deadlines, console timestamps)
   * @param sink where printed lines go; must be thread-safe
   */
  public DebugControl(InstantSource clock, DebugSink sink) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sink = Objects.requireNonNull(sink, "sink");
    DebugApplication[] apps = DebugApplication.values();
    this.traces = new Trace[apps.length];
    for (DebugApplication app : apps) {
      traces[app.ordinal()] = new Trace(this, app);
    }
  }

  /** The trace a daemon of {@code app} writes to. */
  public Trace trace(DebugApplication app) {
    return traces[app.ordinal()];
  }

  /** The current snapshot (for {@code info}, tests and reports). */
  public DebugSettings settings() {
    return settings;
  }

  /**
   * {@code diagnose debug application <app> <level>}.
   *
   * @return the console answer: the remaining time when a duration is running, else nothing
   */
  public List<String> application(DebugApplication app, int level) {
    if (level < -1) {
      throw new IllegalArgumentException(
          "debug level must be -1 (all) or 0 and above, got " + level);
    }
    DebugSettings now = update(s -> s.withLevel(app, level));
    List<String> out = new ArrayList<>(1);
    if (level != 0 && now.outputEnabled() && now.hasDeadline()) {
      long remaining = Math.max(0, now.deadlineMillis() - clock.millis()) / MINUTE_MILLIS;
      out.add("Debug messages will be on for " + remaining + " minutes.");
    }
    return out;
  }

  /** {@code diagnose debug enable}: starts printing; the duration runs from here. */
  public void enable() {
    long now = clock.millis();
    update(s -> s.outputEnabled() ? s : s.withOutput(true, deadlineFrom(now, s.durationMinutes())));
  }

  /** {@code diagnose debug disable}: stops printing; levels stay set. */
  public void disable() {
    update(s -> s.withOutput(false, DebugSettings.NO_DEADLINE));
  }

  /** {@code diagnose debug reset}: every application level back to 0 and printing off. */
  public void reset() {
    update(DebugSettings::reset);
  }

  /** {@code diagnose debug console timestamp enable|disable}. */
  public void consoleTimestamp(boolean enabled) {
    update(s -> s.withConsoleTimestamp(enabled));
  }

  /**
   * {@code diagnose debug duration <minutes>}; 0 means unlimited. While printing, the new duration
   * counts from now (INFERENCE: FortiOS documents the default only).
   */
  public void duration(int minutes) {
    if (minutes < 0) {
      throw new IllegalArgumentException(
          "debug duration must be 0 (unlimited) or more minutes, got " + minutes);
    }
    long now = clock.millis();
    update(
        s ->
            s.withDuration(
                minutes,
                s.outputEnabled() ? deadlineFrom(now, minutes) : DebugSettings.NO_DEADLINE));
  }

  /**
   * {@code diagnose debug info}. INFERENCE: the layout follows FortiOS 6.x/7.x consoles as
   * remembered (label, padding, value); the duration line is fwsim's, so {@code info} shows all
   * that is set.
   */
  public List<String> info() {
    DebugSettings s = settings;
    List<String> out = new ArrayList<>();
    out.add(pad("debug output:") + (s.outputEnabled() ? "enable" : "disable"));
    out.add(pad("console timestamp:") + (s.consoleTimestamp() ? "enable" : "disable"));
    out.add(pad("console no user log message:") + "disable");
    for (DebugApplication app : DebugApplication.values()) {
      int level = s.level(app);
      if (level != 0) {
        out.add(
            pad(app.keyword() + " debug level:")
                + level
                + " (0x"
                + Integer.toHexString(level)
                + ")");
      }
    }
    out.add(pad("CLI debug level:") + "3");
    out.add(
        pad("debug duration:")
            + (s.durationMinutes() == 0 ? "unlimited" : s.durationMinutes() + " minutes"));
    return out;
  }

  /**
   * When a running {@code diagnose debug duration} ends, as appliance time, or null when output is
   * off or unlimited.
   */
  public java.time.Instant outputEnds() {
    DebugSettings s = settings;
    return s.outputEnabled() && s.hasDeadline()
        ? java.time.Instant.ofEpochMilli(s.deadlineMillis())
        : null;
  }

  /**
   * Stops the output if its duration has run out by now (a clock jump may pass the end before any
   * trace notices), as FortiOS stops it at the end of the duration.
   *
   * @return whether it stopped the output now
   */
  public boolean stopIfDurationEnded() {
    DebugSettings s = settings;
    if (s.outputEnabled() && s.hasDeadline() && clock.millis() >= s.deadlineMillis()) {
      expire(s);
      return true;
    }
    return false;
  }

  // --- used by Trace -------------------------------------------------------------------------

  DebugSettings current() {
    return settings;
  }

  InstantSource clock() {
    return clock;
  }

  DebugSink sink() {
    return sink;
  }

  /** Called by a printing trace that found the deadline passed: output stops, as on FortiOS. */
  void expire(DebugSettings seen) {
    SETTINGS.compareAndSet(this, seen, seen.withOutput(false, DebugSettings.NO_DEADLINE));
  }

  private DebugSettings update(UnaryOperator<DebugSettings> change) {
    while (true) {
      DebugSettings before = settings;
      DebugSettings after = change.apply(before);
      if (SETTINGS.compareAndSet(this, before, after)) {
        return after;
      }
    }
  }

  private static long deadlineFrom(long nowMillis, int minutes) {
    return minutes == 0 ? DebugSettings.NO_DEADLINE : nowMillis + minutes * MINUTE_MILLIS;
  }

  private static String pad(String label) {
    StringBuilder sb = new StringBuilder(label).append(label.length() >= 24 ? "    " : "");
    while (sb.length() < 24) {
      sb.append(' ');
    }
    return sb.toString();
  }
}
