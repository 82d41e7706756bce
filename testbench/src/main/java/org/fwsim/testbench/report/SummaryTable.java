package org.fwsim.testbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fwsim.testbench.report.model.PhaseResult;
import org.fwsim.testbench.report.model.RoundResult;
import org.fwsim.testbench.report.model.RunResults;

/** The end-of-run summary on the terminal: one row per phase, then the headline figures. */
public final class SummaryTable {

  private SummaryTable() {}

  public static String render(RunResults r) {
    TextTable phases =
        new TextTable(
            "phase", "ok", "failed", "seconds", "per s", "p50 ms", "p90 ms", "p99 ms", "max ms",
            "CPU s");
    for (PhaseResult p : new PhaseResult[] {r.keygen(), r.enroll(), r.storm()}) {
      PhaseResult.Latency l = p.latencyMs();
      boolean timed = l.count() > 0;
      phases.row(
          p.phase(),
          Markup.count(p.ok()),
          Markup.count(p.failed()),
          Markup.number(p.seconds()),
          Markup.number(p.perSecond()),
          timed ? Markup.number(l.p50()) : "–",
          timed ? Markup.number(l.p90()) : "–",
          timed ? Markup.number(l.p99()) : "–",
          timed ? Markup.number(l.max()) : "–",
          p.cpuSeconds() < 0 ? "–" : Markup.number(p.cpuSeconds()));
    }
    TextTable threads = cpuByThread(new PhaseResult[] {r.keygen(), r.enroll(), r.storm()});
    TextTable figures = new TextTable("figure", "value");
    figures.row("devices x vdoms", r.devices() + " x " + r.vdoms());
    figures.row("certificates", Markup.count(r.certificates()));
    figures.row("crypto bound /s", Markup.number(r.cryptoBound().perSecond()));
    if (r.codecReference() != null) {
      figures.row("codec reference /s", Markup.number(r.codecReference().perSecond()));
    }
    figures.row(
        "efficiency",
        r.faulted() ? "– (faults injected)" : String.format(Locale.ROOT, "%.2f", r.efficiency()));
    figures.row("heap per appliance", Markup.bytes(r.heapBytesPerAppliance()));
    StringBuilder s = new StringBuilder(phases.render()).append('\n');
    if (threads != null) {
      s.append(threads.render()).append('\n');
    }
    s.append(figures.render());
    if (r.rounds().size() > 1) {
      TextTable rounds = new TextTable("round", "ok", "failed", "per s", "heap");
      for (RoundResult round : r.rounds()) {
        rounds.row(
            Integer.toString(round.round()),
            Markup.count(round.ok()),
            Markup.count(round.failed()),
            Markup.number(round.perSecond()),
            Markup.bytes(round.heapBytes()));
      }
      s.append('\n').append(rounds.render());
    }
    if (!r.failuresByKind().isEmpty()) {
      TextTable kinds = new TextTable("failure kind", "count");
      r.failuresByKind().forEach((k, n) -> kinds.row(k, Markup.count(n)));
      s.append('\n').append(kinds.render());
    }
    return s.toString();
  }

  /**
   * CPU seconds of each phase by kind of thread, one column per kind any phase used; null when no
   * phase has a breakdown (not Linux).
   */
  static TextTable cpuByThread(PhaseResult[] phases) {
    List<String> kinds = CpuColumns.of(phases);
    if (kinds.isEmpty()) {
      return null;
    }
    List<String> header = new ArrayList<>();
    header.add("CPU s by thread");
    header.addAll(kinds);
    TextTable t = new TextTable(header.toArray(String[]::new));
    for (PhaseResult p : phases) {
      List<String> row = new ArrayList<>();
      row.add(p.phase());
      for (String k : kinds) {
        Double v = p.cpuByThread().get(k);
        row.add(v == null ? "–" : String.format(Locale.ROOT, "%.1f", v));
      }
      t.row(row.toArray(String[]::new));
    }
    return t;
  }
}
