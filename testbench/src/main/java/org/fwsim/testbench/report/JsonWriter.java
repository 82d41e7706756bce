package org.fwsim.testbench.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The smallest JSON writer that serves {@link ResultsJson}: objects, arrays, strings with RFC 8259
 * escaping, numbers (non-finite ones as null), pretty-printed with two-space indentation. It writes
 * only our own record tree; if fwsim ever reads JSON, use a library instead.
 */
final class JsonWriter {

  private final StringBuilder out = new StringBuilder(4096);

  /** Per open container: whether it has a member yet (for commas). */
  private final boolean[] hasMember = new boolean[32];

  private int depth;
  private boolean afterName;

  JsonWriter beginObject() {
    return open('{');
  }

  JsonWriter endObject() {
    return close('}');
  }

  JsonWriter beginArray() {
    return open('[');
  }

  JsonWriter endArray() {
    return close(']');
  }

  JsonWriter name(String name) {
    separate();
    string(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  JsonWriter value(String s) {
    separate();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    return this;
  }

  JsonWriter value(long n) {
    separate();
    out.append(n);
    return this;
  }

  /**
   * A number rounded to {@code decimals} places, trailing zeros dropped; NaN and infinities as
   * null.
   */
  JsonWriter value(double d, int decimals) {
    separate();
    if (!Double.isFinite(d)) {
      out.append("null");
    } else {
      BigDecimal b =
          BigDecimal.valueOf(d).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
      out.append(b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString());
    }
    return this;
  }

  /** A number array on one line: series stay readable and small. */
  JsonWriter values(long[] values) {
    separate();
    out.append('[');
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ").append(values[i]);
    }
    out.append(']');
    return this;
  }

  String toJson() {
    if (depth != 0) {
      throw new IllegalStateException("JSON left " + depth + " container(s) open");
    }
    return out.append('\n').toString();
  }

  private JsonWriter open(char c) {
    separate();
    out.append(c);
    hasMember[++depth] = false;
    return this;
  }

  private JsonWriter close(char c) {
    boolean any = hasMember[depth--];
    if (any) {
      newline();
    }
    out.append(c);
    return this;
  }

  /** Before a name or a value: a comma after a previous member, and the line break and indent. */
  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      if (hasMember[depth]) {
        out.append(',');
      }
      hasMember[depth] = true;
      newline();
    }
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
