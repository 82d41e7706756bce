package org.fwsim.firmware.debug;

import java.util.Arrays;

/**
 * One immutable snapshot of an appliance's debug settings; {@link DebugControl} replaces it whole
 * so that a {@link Trace} decides whether to print with one volatile read.
 */
public final class DebugSettings {
  /** FortiOS default for {@code diagnose debug duration}: 30 minutes (fortios.md §5.1). */
  public static final int DEFAULT_DURATION_MINUTES = 30;

  /** Marks "no deadline running". */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  /** Shared by every appliance that never touched its debug settings, so they cost nothing. */
  static final DebugSettings DEFAULTS =
      new DebugSettings(
          false, false, DEFAULT_DURATION_MINUTES, NO_DEADLINE, new int[DebugApplication.count()]);

  private final boolean outputEnabled;
  private final boolean consoleTimestamp;
  private final int durationMinutes;
  private final long deadlineMillis;
  private final int[] levels;

  private DebugSettings(
      boolean outputEnabled,
      boolean consoleTimestamp,
      int durationMinutes,
      long deadlineMillis,
      int[] levels) {
    this.outputEnabled = outputEnabled;
    this.consoleTimestamp = consoleTimestamp;
    this.durationMinutes = durationMinutes;
    this.deadlineMillis = deadlineMillis;
    this.levels = levels;
  }

  /** True after {@code diagnose debug enable}, until disable, reset or the duration runs out. */
  public boolean outputEnabled() {
    return outputEnabled;
  }

  /** {@code diagnose debug console timestamp enable|disable}. */
  public boolean consoleTimestamp() {
    return consoleTimestamp;
  }

  /** {@code diagnose debug duration}; 0 means no limit. */
  public int durationMinutes() {
    return durationMinutes;
  }

  /**
   * The level as typed; a bit mask, so {@code -1} means every bit (FortiOS prints it as
   * 0xffffffff).
   */
  public int level(DebugApplication app) {
    return levels[app.ordinal()];
  }

  /** Virtual epoch millis when output stops, or {@link #NO_DEADLINE} when unlimited. */
  long deadlineMillis() {
    return deadlineMillis;
  }

  boolean hasDeadline() {
    return deadlineMillis != NO_DEADLINE;
  }

  int levelAt(int appOrdinal) {
    return levels[appOrdinal];
  }

  // Hot path of Trace.on(): plain reads of final fields, no allocation.
  boolean prints(int appOrdinal) {
    return outputEnabled && levels[appOrdinal] != 0;
  }

  DebugSettings withOutput(boolean enabled, long deadline) {
    return new DebugSettings(enabled, consoleTimestamp, durationMinutes, deadline, levels);
  }

  DebugSettings withConsoleTimestamp(boolean enabled) {
    return new DebugSettings(outputEnabled, enabled, durationMinutes, deadlineMillis, levels);
  }

  DebugSettings withDuration(int minutes, long deadline) {
    return new DebugSettings(outputEnabled, consoleTimestamp, minutes, deadline, levels);
  }

  DebugSettings withLevel(DebugApplication app, int level) {
    int[] copy = Arrays.copyOf(levels, levels.length);
    copy[app.ordinal()] = level;
    return new DebugSettings(
        outputEnabled, consoleTimestamp, durationMinutes, deadlineMillis, copy);
  }

  /** What {@code diagnose debug reset} leaves: no app levels, no output; console settings stay. */
  DebugSettings reset() {
    return new DebugSettings(
        false, consoleTimestamp, durationMinutes, NO_DEADLINE, new int[DebugApplication.count()]);
  }
}
