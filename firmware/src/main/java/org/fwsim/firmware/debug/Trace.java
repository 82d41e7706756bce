package org.fwsim.firmware.debug;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The debug output of one daemon ({@link DebugApplication}) on one appliance, in FortiOS shapes.
 *
 * <p>Two line shapes exist on FortiOS and both are supported:
 *
 * <ul>
 *   <li>{@link #line(String, int, String, Object...)}: forticron's {@code func()-N: message}
 *       (KB-420924), e.g. {@code scep_recv()-509: read 1449 bytes: pos=0, len=2048};
 *   <li>{@link #line(String, String, Object...)}: the SCEP library's older {@code func: message}
 *       (KB-262267), e.g. {@code scep_parse_header: server returned status code 200}.
 * </ul>
 *
 * <p><b>Calling convention.</b> Guard every call: {@code if (trace.on()) trace.line(...);}. When
 * debugging is off, {@link #on()} costs one volatile read and the varargs array, boxing and
 * formatting are never reached, so the hot path allocates nothing. The print methods check again
 * (cheap) so an unguarded call is correct, only slower.
 */
public final class Trace {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss ", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final DebugControl control;
  private final int app;

  Trace(DebugControl control, DebugApplication app) {
    this.control = control;
    this.app = app.ordinal();
  }

  /**
   * Whether lines printed now would appear: output enabled, this application's level non-zero and
   * the debug duration not over. One volatile read when off.
   */
  public boolean on() {
    DebugSettings s = control.current();
    if (!s.prints(app)) {
      return false;
    }
    if (s.hasDeadline() && control.clock().millis() >= s.deadlineMillis()) {
      control.expire(s);
      return false;
    }
    return true;
  }

  /** Whether any bit of {@code mask} is set in this application's level (and {@link #on()}). */
  public boolean on(int mask) {
    return (control.current().levelAt(app) & mask) != 0 && on();
  }

  /**
   * {@code func()-N: message}; {@code format} is a {@link String#format} pattern when args are
   * given.
   */
  public void line(String func, int lineNo, String format, Object... args) {
    if (on()) {
      emit(func + "()-" + lineNo + ": " + text(format, args));
    }
  }

  /** {@code func()-N: } with nothing after it, as forticron prints on entering a function. */
  public void line(String func, int lineNo) {
    if (on()) {
      emit(func + "()-" + lineNo + ": ");
    }
  }

  /** {@code func: message}, the older shape without a line number. */
  public void line(String func, String format, Object... args) {
    if (on()) {
      emit(func + ": " + text(format, args));
    }
  }

  /**
   * Text printed as is, possibly several lines (e.g. the bracketed HTTP header block). The console
   * timestamp, when enabled, prefixes only its first line, as one printf would.
   */
  public void raw(String text) {
    if (!on()) {
      return;
    }
    String[] lines = text.split("\n", -1);
    int count = lines.length;
    if (count > 1 && lines[count - 1].isEmpty()) {
      count--; // a trailing newline ends the last line, it does not start an empty one
    }
    for (int i = 0; i < count; i++) {
      if (i == 0) {
        emit(lines[0]);
      } else {
        control.sink().println(lines[i]);
      }
    }
  }

  private void emit(String line) {
    DebugSettings s = control.current();
    if (s.consoleTimestamp()) {
      control.sink().println(TIMESTAMP.format(control.clock().instant()) + line);
    } else {
      control.sink().println(line);
    }
  }

  private static String text(String format, Object[] args) {
    return args.length == 0 ? format : String.format(Locale.ROOT, format, args);
  }
}
