package org.fwsim.testbench.ca;

/**
 * Text from requests made safe for the CA's line-oriented files (the access log, the depot's
 * index.txt): control characters escaped as {@code \xNN}, so a tab or a line break cannot split a
 * record or forge another, and lengths capped, so a 256 KiB {@code operation=} costs a log line,
 * not a megabyte.
 */
final class LogText {

  private LogText() {}

  /** The text with every control character (below 0x20, and DEL) written as {@code \xNN}. */
  static String escape(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7f;
      if (control && b == null) {
        b = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append("\\x")
              .append(Character.forDigit(c >> 4, 16))
              .append(Character.forDigit(c & 15, 16));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? text : b.toString();
  }

  /**
   * At most {@code max} characters of the escaped text; a longer one is cut and says how long it
   * was. Null stays null.
   */
  static String bounded(String text, int max) {
    if (text == null) {
      return null;
    }
    String cut = text.length() > max ? text.substring(0, max) : text;
    String escaped = escape(cut);
    if (escaped.length() > max) {
      escaped = escaped.substring(0, max);
    }
    return text.length() > max ? escaped + "...(" + text.length() + " chars)" : escaped;
  }
}
