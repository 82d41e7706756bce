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
}
