package org.fwsim.testbench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns for the terminal: text columns left-aligned, numbers
 * right-aligned, a rule under the header.
 */
public final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row; it must have one cell per column. */
  public TextTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, the table has " + header.size() + " columns");
    }
    rows.add(List.of(cells));
    return this;
  }

  /** The table, one line per row, each ending with a newline. */
  public String render() {
    int n = header.size();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int c = 0; c < n; c++) {
      width[c] = header.get(c).length();
      numeric[c] = c > 0;
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
        numeric[c] &= r.get(c).matches("[-+]?[0-9.,]*[0-9]%?|–|-");
      }
    }
    StringBuilder s = new StringBuilder();
    line(s, header, width, numeric);
    int total = 0;
    for (int w : width) {
      total += w;
    }
    s.append("-".repeat(total + 2 * (n - 1))).append('\n');
    for (List<String> r : rows) {
      line(s, r, width, numeric);
    }
    return s.toString();
  }

  private static void line(StringBuilder s, List<String> cells, int[] width, boolean[] numeric) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String v = cells.get(c);
      String pad = " ".repeat(width[c] - v.length());
      l.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + v : v + pad);
    }
    s.append(l.toString().stripTrailing()).append('\n');
  }
}
