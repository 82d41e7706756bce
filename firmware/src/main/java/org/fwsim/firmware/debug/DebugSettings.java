package org.fwsim.firmware.debug;

import java.util.Arrays;

/**
 * One immutable snapshot of an appliance's debug settings; {@link DebugControl} replaces it whole
 * so that a {@link Trace} decides whether to print with one volatile read.
 *
 * @param outputEnabled true after {@code diagnose debug enable}, until disable, reset or the
 *     duration runs out
 * @param consoleTimestamp {@code diagnose debug console timestamp enable|disable}
 * @param durationMinutes {@code diagnose debug duration}; 0 means no limit
 * @param deadlineMillis virtual epoch millis when output stops, or {@link #NO_DEADLINE} when
 *     unlimited
 * @param levels the level of each {@link DebugApplication}, by ordinal; never changed once shared
 */
public record DebugSettings(
    boolean outputEnabled,
    boolean consoleTimestamp,
    int durationMinutes,
    long deadlineMillis,
    int[] levels) {
  /** FortiOS default for {@code diagnose debug duration}: 30 minutes (fortios.md §5.1). */
  public static final int DEFAULT_DURATION_MINUTES = 30;

  /** Marks "no deadline running". */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  /** Shared by every appliance that never touched its debug settings, so they cost nothing. */
  static final DebugSettings DEFAULTS =
      new DebugSettings(
          false, false, DEFAULT_DURATION_MINUTES, NO_DEADLINE, new int[DebugApplication.count()]);

  /** Keeps its own copy of {@code levels}, so a snapshot never changes once shared. */
  public DebugSettings {
    levels = levels.clone();
  }

  /** A copy: the snapshot's own array is shared by every reader. */
  @Override
  public int[] levels() {
    return levels.clone();
  }

  /**
   * The level as typed; a bit mask, so {@code -1} means every bit (FortiOS prints it as
   * 0xffffffff).
   */
  public int level(DebugApplication app) {
    return levels[app.ordinal()];
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
