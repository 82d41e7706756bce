package org.fwsim.firmware.cli;

/** FortiOS quoting of string values in {@code show} output: double quotes, backslash escapes. */
public final class Quoting {
  private Quoting() {}

  /** {@code s} as FortiOS prints and reads a string value, e.g. {@code "a \"b\""}. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  /**
   * {@code s} with every control character but the newline of a multi-line value (ESC, NUL, the
   * rest of C0 and C1, DEL) written as {@code \xHH}, so that printing a value or an error cannot
   * drive the reader's terminal.
   */
  public static String printable(String s) {
    int i = firstControl(s);
    if (i < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The index of the first control character of {@code s} (see {@link #printable}), or -1. */
  public static int firstControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isControl(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isControl(char c) {
    return Character.isISOControl(c) && c != '\n';
  }
}
