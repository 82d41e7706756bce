package org.fwsim.testbench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fwsim.testbench.report.model.PhaseResult;

/**
 * The report's three charts as inline SVG: renewals over time (stacked ok and failed per second),
 * the latency distribution and failures by kind. No script, no external resource.
 */
final class SvgCharts {

  static final String OK = "#2a9d8f";
  static final String FAILED = "#e76f51";
  static final String BAR = "#457b9d";
  private static final int WIDTH = 760;
  private static final int LEFT = 56;
  private static final int RIGHT = 12;
  private static final int TOP = 14;

  /** Room for the labels left of horizontal bars. */
  private static final int BAR_LABEL_W = 170;

  private static final int BOTTOM = 34;

  /** Longer series are summed into wider buckets so a bar stays at least ~2.5 px wide. */
  private static final int MAX_BARS = 280;

  private SvgCharts() {}

  /** Completions per second: ok below, failed stacked on top. */
  static String timeline(long[] ok, long[] failed) {
    int height = 260;
    int n = Math.max(ok.length, failed.length);
    if (n == 0 || sum(ok) + sum(failed) == 0) {
      return empty(height, "no renewal completed");
    }
    int per = (n + MAX_BARS - 1) / MAX_BARS;
    int bars = (n + per - 1) / per;
    double[] okRate = new double[bars];
    double[] failRate = new double[bars];
    double top = 0;
    for (int b = 0; b < bars; b++) {
      int width = Math.min(per, n - b * per);
      for (int i = b * per; i < b * per + width; i++) {
        okRate[b] += i < ok.length ? ok[i] : 0;
        failRate[b] += i < failed.length ? failed[i] : 0;
      }
      okRate[b] /= width;
      failRate[b] /= width;
      top = Math.max(top, okRate[b] + failRate[b]);
    }
    double yMax = niceCeiling(top);
    StringBuilder s = open(height, "renewals per second over the storm");
    axes(s, height, yMax, "per second");
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = height - TOP - BOTTOM;
    double bw = plotW / bars;
    for (int b = 0; b < bars; b++) {
      double x = LEFT + b * bw;
      double hOk = okRate[b] / yMax * plotH;
      double hFail = failRate[b] / yMax * plotH;
      double base = TOP + plotH;
      String tip =
          String.format(
              Locale.ROOT,
              "%d–%d s: %s ok/s, %s failed/s",
              b * per,
              Math.min(n, (b + 1) * per),
              Markup.number(okRate[b]),
              Markup.number(failRate[b]));
      s.append("<g><title>").append(Markup.escape(tip)).append("</title>");
      rect(s, x, base - hOk, Math.max(0.5, bw - 0.6), hOk, OK);
      if (hFail > 0) {
        rect(s, x, base - hOk - hFail, Math.max(0.5, bw - 0.6), hFail, FAILED);
      }
      s.append("</g>");
    }
    for (int t = 0; t <= 4; t++) {
      double seconds = n * t / 4.0;
      double x = LEFT + plotW * t / 4.0;
      text(
          s,
          x,
          height - BOTTOM + 16,
          t == 0 ? "start" : t == 4 ? "end" : "middle",
          Markup.number(seconds).replaceAll("\\.0+$", "") + " s",
          "axis");
    }
    return s.append("</svg>").toString();
  }

  /** Latency bars between the recorder's edges, labelled by their upper bound. */
  static String latency(List<PhaseResult.LatencyBucket> buckets) {
    int height = 260;
    long max = 0;
    for (PhaseResult.LatencyBucket b : buckets) {
      max = Math.max(max, b.count());
    }
    if (max == 0) {
      return empty(height, "no latency recorded");
    }
    double yMax = niceCeiling(max);
    StringBuilder s = open(height, "latency distribution of successful renewals");
    axes(s, height, yMax, "renewals");
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = height - TOP - BOTTOM;
    double bw = plotW / buckets.size();
    for (int i = 0; i < buckets.size(); i++) {
      PhaseResult.LatencyBucket b = buckets.get(i);
      double h = b.count() / yMax * plotH;
      double x = LEFT + i * bw;
      String label = Double.isFinite(b.upToMs()) ? "≤ " + Markup.millis(b.upToMs()) : "slower";
      s.append("<g><title>")
          .append(Markup.escape(label + ": " + Markup.count(b.count())))
          .append("</title>");
      rect(s, x + bw * 0.1, TOP + plotH - h, bw * 0.8, h, BAR);
      s.append("</g>");
      if (b.count() > 0) {
        text(s, x + bw / 2, TOP + plotH - h - 4, "middle", Markup.count(b.count()), "value");
      }
      text(s, x + bw / 2, height - BOTTOM + 16, "middle", label, "axis");
    }
    return s.append("</svg>").toString();
  }

  /** Horizontal bars, one per failure kind, largest first. */
  static String failures(Map<String, Long> byKind) {
    if (byKind.isEmpty()) {
      return empty(80, "no failures");
    }
    List<Map.Entry<String, Long>> rows =
        byKind.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .toList();
    long max = rows.get(0).getValue();
    double plotW = WIDTH - BAR_LABEL_W - 80;
    return horizontalBars(
        "failures by kind",
        FAILED,
        rows.stream().map(Map.Entry::getKey).toList(),
        rows.stream()
            .map(r -> Math.max(1, r.getValue() / (double) Math.max(1, max) * plotW))
            .toList(),
        rows.stream().map(r -> Markup.count(r.getValue())).toList());
  }

  /**
   * Horizontal bars of CPU seconds, one per kind of thread in the given order, each labelled with
   * its seconds and its share of the sum.
   */
  static String cpu(Map<String, Double> secondsByKind) {
    if (secondsByKind.isEmpty()) {
      return empty(80, "CPU by thread not known on this platform");
    }
    List<Map.Entry<String, Double>> rows = List.copyOf(secondsByKind.entrySet());
    double total = rows.stream().mapToDouble(Map.Entry::getValue).sum();
    double max = rows.stream().mapToDouble(Map.Entry::getValue).max().orElse(0);
    double plotW = WIDTH - BAR_LABEL_W - 110;
    return horizontalBars(
        "CPU seconds by thread",
        BAR,
        rows.stream().map(Map.Entry::getKey).toList(),
        rows.stream().map(r -> Math.max(1, max <= 0 ? 1 : r.getValue() / max * plotW)).toList(),
        rows.stream()
            .map(
                r ->
                    String.format(
                        Locale.ROOT,
                        "%.1f s (%.0f%%)",
                        r.getValue(),
                        total > 0 ? 100 * r.getValue() / total : 0))
            .toList());
  }

  /**
   * One bar a row: its label right-aligned before it, its value after it. The callers scale the
   * widths, as each reads its own numbers differently.
   */
  private static String horizontalBars(
      String title, String fill, List<String> labels, List<Double> widths, List<String> values) {
    int row = 28;
    StringBuilder s = open(TOP + labels.size() * row + 10, title);
    for (int i = 0; i < labels.size(); i++) {
      double y = TOP + i * row;
      double w = widths.get(i);
      text(s, BAR_LABEL_W - 8, y + row / 2.0 + 4, "end", labels.get(i), "label");
      rect(s, BAR_LABEL_W, y + 4, w, row - 8, fill);
      text(s, BAR_LABEL_W + w + 6, y + row / 2.0 + 4, "start", values.get(i), "value");
    }
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(int height, String label) {
    StringBuilder s = new StringBuilder(8192);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(Markup.escape(label))
        .append("\">");
    return s;
  }

  private static String empty(int height, String message) {
    StringBuilder s = open(height, message);
    text(s, WIDTH / 2.0, height / 2.0, "middle", message, "empty");
    return s.append("</svg>").toString();
  }

  private static void axes(StringBuilder s, int height, double yMax, String unit) {
    double plotH = height - TOP - BOTTOM;
    for (int g = 0; g <= 4; g++) {
      double y = TOP + plotH - plotH * g / 4.0;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>",
              LEFT,
              y,
              WIDTH - RIGHT,
              y));
      text(
          s,
          LEFT - 6,
          y + 4,
          "end",
          Markup.number(yMax * g / 4.0).replaceAll("\\.0+$", ""),
          "axis");
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"12\" y=\"%.1f\" class=\"axis\" transform=\"rotate(-90 12 %.1f)\" "
                + "text-anchor=\"middle\">%s</text>",
            TOP + plotH / 2,
            TOP + plotH / 2,
            Markup.escape(unit)));
  }

  private static void rect(StringBuilder s, double x, double y, double w, double h, String fill) {
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" rx=\"1.5\"/>",
            x,
            y,
            w,
            h,
            fill));
  }

  private static void text(
      StringBuilder s, double x, double y, String anchor, String text, String cls) {
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>",
            x,
            y,
            anchor,
            cls,
            Markup.escape(text)));
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code v}: round axis labels. */
  static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    return s;
  }
}
