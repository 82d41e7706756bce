package org.fwsim.testbench.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * {@code fwsim report merge}: adds the results of a sharded storm's shards into one run. It refuses
 * shards that do not make one run (different fleet parameters, another run's id, an index twice, a
 * missing index) with one line naming what disagrees, since adding them would measure nothing.
 */
public final class ShardMerge {

  private ShardMerge() {}

  /** Reads each directory's {@code results.json} and merges them. */
  public static MergedRun read(List<Path> dirs) {
    List<ShardResults> shards = new ArrayList<>();
    for (Path dir : dirs) {
      shards.add(ShardResults.read(dir));
    }
    return merge(shards);
  }

  static MergedRun merge(List<ShardResults> shards) {
    if (shards.isEmpty()) {
      throw new MergeException("no shard results to merge");
    }
    ShardResults first = shards.get(0);
    for (ShardResults s : shards) {
      agree(first, s);
    }
    complete(shards);
    List<ShardResults> byIndex = new ArrayList<>(shards);
    byIndex.sort(Comparator.comparingInt(s -> s.record().index()));
    Instant firstStart =
        byIndex.stream().map(s -> s.record().stormStartedAt()).min(Instant::compareTo).get();
    Instant lastStart =
        byIndex.stream().map(s -> s.record().stormStartedAt()).max(Instant::compareTo).get();
    Instant lastEnd =
        byIndex.stream().map(s -> s.record().stormEndedAt()).max(Instant::compareTo).get();
    List<MergedRun.Shard> rows = new ArrayList<>();
    for (ShardResults s : byIndex) {
      rows.add(row(s, firstStart));
    }
    return new MergedRun(
        first.record().runId(),
        first.record().count(),
        first.record().fleet(),
        first.record().stormAt(),
        byIndex.stream().mapToInt(ShardResults::devices).sum(),
        byIndex.stream().mapToLong(ShardResults::certificates).sum(),
        phase(byIndex.stream().map(ShardResults::enroll).toList()),
        phase(byIndex.stream().map(ShardResults::storm).toList()),
        firstStart,
        lastEnd,
        unionSeconds(byIndex),
        seconds(firstStart, lastStart),
        rows);
  }

  /** Same fleet, same run, same storm instant: else one line naming the first difference. */
  private static void agree(ShardResults first, ShardResults s) {
    for (String k : union(first.record().fleet(), s.record().fleet())) {
      String a = first.record().fleet().get(k);
      String b = s.record().fleet().get(k);
      if (a == null || !a.equals(b)) {
        throw new MergeException(
            "shards disagree on "
                + k
                + ": "
                + (a == null ? "none" : a)
                + " in "
                + first.name()
                + ", "
                + (b == null ? "none" : b)
                + " in "
                + s.name());
      }
    }
    if (!first.record().runId().equals(s.record().runId())) {
      throw new MergeException(
          "results from another run: "
              + s.name()
              + " has run id "
              + s.record().runId()
              + ", "
              + first.name()
              + " has "
              + first.record().runId());
    }
    if (first.record().count() != s.record().count()) {
      throw new MergeException(
          "shards disagree on the shard count: " + first.name() + ", " + s.name());
    }
  }

  private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  /** Each index once, none missing. */
  private static void complete(List<ShardResults> shards) {
    int n = shards.get(0).record().count();
    Map<Integer, ShardResults> seen = new TreeMap<>();
    for (ShardResults s : shards) {
      ShardResults before = seen.put(s.record().index(), s);
      if (before != null) {
        throw new MergeException(
            "shard " + s.record().label() + " twice: " + before.dir() + " and " + s.dir());
      }
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!seen.containsKey(i)) {
        missing.add(i + "/" + n);
      }
    }
    if (!missing.isEmpty()) {
      throw new MergeException(
          (missing.size() == 1 ? "shard " : "shards ")
              + String.join(", ", missing)
              + " missing: give the results of all "
              + n
              + " shards of run "
              + shards.get(0).record().runId());
    }
  }

  /** Counts summed, the histograms added, percentiles read from the sum. */
  static MergedRun.Phase phase(List<ShardResults.Totals> parts) {
    Histogram all = new Histogram(3);
    long ok = 0;
    long failed = 0;
    long failedTries = 0;
    double cpu = 0;
    double max = 0;
    double weightedMean = 0;
    Map<String, Long> kinds = new TreeMap<>();
    for (ShardResults.Totals t : parts) {
      all.add(t.latency());
      ok += t.ok();
      failed += t.failed();
      failedTries += t.failedTries();
      cpu = cpu < 0 || t.cpuSeconds() < 0 ? -1 : cpu + t.cpuSeconds();
      max = Math.max(max, t.maxMs());
      weightedMean += t.meanMs() * t.latency().getTotalCount();
      t.failuresByKind().forEach((k, v) -> kinds.merge(k, v, Long::sum));
    }
    long count = all.getTotalCount();
    return new MergedRun.Phase(
        ok,
        failed,
        failedTries,
        kinds,
        cpu,
        LatencyFigures.of(all, max, count == 0 ? 0 : weightedMean / count),
        HdrCodec.encode(all));
  }

  /** The length of the union of the shards' storm windows: overlaps count once, gaps not. */
  static double unionSeconds(List<ShardResults> shards) {
    List<Instant[]> windows = new ArrayList<>();
    for (ShardResults s : shards) {
      windows.add(new Instant[] {s.record().stormStartedAt(), s.record().stormEndedAt()});
    }
    windows.sort(Comparator.comparing(w -> w[0]));
    double total = 0;
    Instant from = null;
    Instant to = null;
    for (Instant[] w : windows) {
      if (to == null || w[0].isAfter(to)) {
        total += from == null ? 0 : seconds(from, to);
        from = w[0];
        to = w[1];
      } else if (w[1].isAfter(to)) {
        to = w[1];
      }
    }
    return total + seconds(from, to);
  }

  private static MergedRun.Shard row(ShardResults s, Instant firstStart) {
    ShardResults.Totals storm = s.storm();
    double window = seconds(s.record().stormStartedAt(), s.record().stormEndedAt());
    long count = storm.latency().getTotalCount();
    return new MergedRun.Shard(
        s.record().label(),
        s.dir().toString(),
        s.devices(),
        s.certificates(),
        storm.ok(),
        storm.failed(),
        LatencyFigures.of(storm.latency(), storm.maxMs(), count == 0 ? 0 : storm.meanMs()),
        window > 0 ? storm.ok() / window : 0,
        storm.cpuSeconds(),
        s.record().stormStartedAt(),
        s.record().stormEndedAt(),
        seconds(firstStart, s.record().stormStartedAt()));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
