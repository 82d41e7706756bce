package org.fwsim.testbench.report;

import java.util.Locale;

/** Escaping and number formats shared by the HTML report, its SVG charts and the terminal. */
final class Markup {

  private Markup() {}

  /** Text for XML element content and attribute values (the report is well-formed XHTML). */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append('?'); // not allowed in XML 1.0 at all
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** 1,234 */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A rate or a duration with sensible precision: 1,234 / 12.3 / 0.123. */
  static String number(double d) {
    if (!Double.isFinite(d)) {
      return "–";
    }
    double a = Math.abs(d);
    String f = a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, f, d);
  }

  /** A latency edge in ms as people say it: 5 ms, 500 ms, 2 s, 2 min. */
  static String millis(double ms) {
    if (!Double.isFinite(ms)) {
      return "slower";
    }
    if (ms >= 60_000 && ms % 60_000 == 0) {
      return (long) (ms / 60_000) + " min";
    }
    if (ms >= 1_000 && ms % 1_000 == 0) {
      return (long) (ms / 1_000) + " s";
    }
    return number(ms).replaceAll("\\.?0+$", "") + " ms";
  }

  /** 97.6 KiB */
  static String mebibytes(long n) {
    return n < 0 ? "–" : String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
  }

  static String bytes(long n) {
    if (n < 0) {
      return "–";
    }
    return n < 1024 ? n + " B" : String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
  }
}
