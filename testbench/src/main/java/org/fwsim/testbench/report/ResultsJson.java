package org.fwsim.testbench.report;

import java.util.Map;
import org.fwsim.testbench.report.model.BoundResult;
import org.fwsim.testbench.report.model.PhaseResult;
import org.fwsim.testbench.report.model.RunResults;

/**
 * {@code results.json}: the fields the storm issue names ({@code devices}, {@code enroll}, {@code
 * storm.latency_ms}, {@code crypto_bound_per_second}, {@code efficiency}...) in snake_case, plus
 * failures by kind and the per-second series. Rates and seconds carry three decimals.
 */
final class ResultsJson implements ResultsEncoder {

  @Override
  public String encode(RunResults r) {
    JsonWriter w = new JsonWriter().beginObject();
    w.name("devices").value(r.devices());
    w.name("vdoms").value(r.vdoms());
    w.name("certificates").value(r.certificates());
    w.name("keygen").beginObject();
    w.name("keys").value(r.keygen().ok());
    w.name("failed").value(r.keygen().failed());
    w.name("seconds").value(r.keygen().seconds(), 3);
    w.name("per_second").value(r.keygen().perSecond(), 3);
    w.name("cpu_seconds").value(r.keygen().cpuSeconds(), 3);
    byThread(w, r.keygen());
    w.endObject();
    phase(w.name("enroll"), r.enroll());
    phase(w.name("storm"), r.storm());
    w.name("crypto_bound_per_second").value(r.cryptoBound().perSecond(), 3);
    bound(w.name("crypto_bound"), r.cryptoBound());
    if (r.codecReference() != null) {
      w.name("codec_reference_per_second").value(r.codecReference().perSecond(), 3);
      bound(w.name("codec_reference"), r.codecReference());
    }
    w.name("efficiency").value(r.efficiency(), 4);
    w.name("heap_bytes_per_appliance").value(r.heapBytesPerAppliance());
    kinds(w.name("failures_by_kind"), r.failuresByKind());
    w.name("renewals_over_time").beginObject();
    w.name("bucket_seconds").value(1);
    w.name("ok").values(r.storm().okPerSecond());
    w.name("failed").values(r.storm().failedPerSecond());
    w.endObject();
    w.name("parameters").beginObject();
    r.parameters().forEach((k, v) -> w.name(k).value(v));
    w.endObject();
    return w.endObject().toJson();
  }

  private static void phase(JsonWriter w, PhaseResult p) {
    w.beginObject();
    w.name("ok").value(p.ok());
    w.name("failed").value(p.failed());
    w.name("seconds").value(p.seconds(), 3);
    w.name("per_second").value(p.perSecond(), 3);
    w.name("cpu_seconds").value(p.cpuSeconds(), 3);
    byThread(w, p);
    w.name("start_seconds").value(p.startSeconds(), 3);
    w.name("latency_ms").beginObject();
    w.name("p50").value(p.latencyMs().p50(), 3);
    w.name("p90").value(p.latencyMs().p90(), 3);
    w.name("p99").value(p.latencyMs().p99(), 3);
    w.name("max").value(p.latencyMs().max(), 3);
    w.name("mean").value(p.latencyMs().mean(), 3);
    w.endObject();
    kinds(w.name("failures_by_kind"), p.failuresByKind());
    // Bars of the latency distribution; the last bar's bound is null when it is "slower than all".
    w.name("latency_histogram").beginArray();
    for (PhaseResult.LatencyBucket b : p.latencyHistogram()) {
      w.beginObject().name("le_ms").value(b.upToMs(), 3).name("count").value(b.count()).endObject();
    }
    w.endArray();
    w.endObject();
  }

  /** {@code cpu_seconds_by_thread}: the phase's CPU by kind of thread, where it is known. */
  private static void byThread(JsonWriter w, PhaseResult p) {
    if (p.cpuByThread().isEmpty()) {
      return;
    }
    w.name("cpu_seconds_by_thread").beginObject();
    p.cpuByThread().forEach((k, v) -> w.name(k).value(v, 3));
    w.endObject();
  }

  private static void bound(JsonWriter w, BoundResult b) {
    w.beginObject();
    w.name("method").value(b.method());
    w.name("key").value(b.key());
    w.name("envelope").value(b.envelope());
    w.name("threads").value(b.threads());
    w.name("renewals").value(b.renewals());
    w.name("seconds").value(b.seconds(), 3);
    w.name("per_second").value(b.perSecond(), 3);
    w.endObject();
  }

  private static void kinds(JsonWriter w, Map<String, Long> byKind) {
    w.beginObject();
    byKind.forEach((k, n) -> w.name(k).value(n));
    w.endObject();
  }
}
