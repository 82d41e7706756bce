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
    figures.row("fleet CPU/renewal", millis(r.fleetCpuPerRenewal()));
    figures.row("client bound CPU", millis(r.cryptoBound().applianceCpuPerRenewal()));
    figures.row("client efficiency", ratio(r.clientEfficiency()));
    figures.row("heap per appliance", Markup.bytes(r.heapBytesPerAppliance()));
    figures.row("CA heap", r.caHeapBytes() < 0 ? "–" : Markup.mebibytes(r.caHeapBytes()));
    StringBuilder s = new StringBuilder(phases.render()).append('\n');
    if (threads != null) {
      s.append(threads.render()).append('\n');
    }
    s.append(figures.render());
    if (r.rounds().size() > 1) {
      TextTable rounds =
          new TextTable("round", "ok", "failed", "per s", "heap", "fleet heap", "CA index");
      for (RoundResult round : r.rounds()) {
        rounds.row(
            Integer.toString(round.round()),
            Markup.count(round.ok()),
            Markup.count(round.failed()),
            Markup.number(round.perSecond()),
            Markup.bytes(round.heapBytes()),
            Markup.bytes(round.fleetHeapBytes()),
            round.caHeapBytes() < 0 ? "–" : Markup.bytes(round.caHeapBytes()));
      }
      s.append('\n').append(rounds.render());
    }
    for (String note : notes(r)) {
      s.append('\n').append(note);
    }
    if (!r.failuresByKind().isEmpty()) {
      TextTable kinds = new TextTable("failure kind", "count");
      r.failuresByKind().forEach((k, n) -> kinds.row(k, Markup.count(n)));
      s.append('\n').append(kinds.render());
    }
    return s.toString();
  }

  /**
   * What the figures measure, in sentences the summary and the HTML report both show: the latency's
   * two ends, the bound's key, what the heap counts, and that shards sharing a host share its
   * cores.
   */
  public static List<String> notes(RunResults r) {
    List<String> notes = new ArrayList<>();
    notes.add(
        "Storm latency: from the renewal point (the clock jumps there and every certificate is due"
            + " at once; with --jitter, the earliest point) to forticron's word that the new"
            + " certificate is in the appliance's store, in real time. Enrollment latency: from"
            + " the generate command to its outcome, retries included.");
    notes.add(
        "Efficiency: storm rate / crypto bound, both of this run, the bound measured with the"
            + " storm's key ("
            + r.cryptoBound().keyLabel()
            + "). Client efficiency: the appliance's side of the bound over the fleet's own CPU per"
            + " renewal (the process less the embedded CA's threads; the network threads carry"
            + " both sides and count as the fleet's).");
    notes.add(
        "Heap per appliance: what the heap lost when the fleet was let go at the end, per"
            + " appliance (its configuration, daemons, keys and certificates); CA heap: what it"
            + " lost when the embedded CA closed (its records of every issuance).");
    String shard = r.parameters().get("--shard");
    if (shard != null && !shard.endsWith("/1")) {
      notes.add(
          "Shard "
              + shard
              + ": shards on one host share its cores, so each shard's crypto bound is depressed"
              + " by the others running at once; compare the merged rate with a bound measured"
              + " alone.");
    }
    return notes;
  }

  private static String millis(double seconds) {
    return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.2f ms", seconds * 1000) : "–";
  }

  private static String ratio(double r) {
    return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "–";
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
