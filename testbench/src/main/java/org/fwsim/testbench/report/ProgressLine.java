package org.fwsim.testbench.report;

import java.util.Locale;

/** Formats one progress line: {@code keys [#####.....] 812/2000 41% 120/s}. Pure, so testable. */
final class ProgressLine {

  static final int BAR_WIDTH = 30;

  private ProgressLine() {}

  /**
   * @param failed failures so far, or -1 to leave the field out (e.g. key generation)
   * @param inFlight requests under way, or -1 to leave the field out
   */
  static String render(
      String label,
      long done,
      long total,
      long failed,
      long inFlight,
      double perSecond,
      int labelWidth) {
    double fraction = total <= 0 ? 0 : Math.min(1.0, done / (double) total);
    int filled = (int) Math.floor(fraction * BAR_WIDTH);
    StringBuilder s = new StringBuilder(96);
    s.append(label);
    for (int i = label.length(); i < labelWidth; i++) {
      s.append(' ');
    }
    s.append(" [");
    for (int i = 0; i < BAR_WIDTH; i++) {
      s.append(i < filled ? '#' : '.');
    }
    s.append("] ")
        .append(done)
        .append('/')
        .append(total)
        .append(
            String.format(
                Locale.ROOT, " %d%% %s/s", (int) Math.floor(fraction * 100), rate(perSecond)));
    if (failed >= 0) {
      s.append(" failed ").append(failed);
    }
    if (inFlight >= 0) {
      s.append(" in flight ").append(inFlight);
    }
    return s.toString();
  }

  private static String rate(double r) {
    return r >= 100 || r == 0
        ? String.format(Locale.ROOT, "%.0f", r)
        : String.format(Locale.ROOT, "%.1f", r);
  }
}
