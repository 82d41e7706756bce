package org.fwsim.testbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntToLongFunction;
import javax.xml.parsers.DocumentBuilderFactory;
import org.fwsim.testbench.bench.PhaseRecorder;
import org.fwsim.testbench.bench.RunClock;
import org.fwsim.testbench.report.model.BoundResult;
import org.fwsim.testbench.report.model.PhaseResult;
import org.fwsim.testbench.report.model.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** results.json and report.html from one synthetic run on a stepped clock. */
class ReportFilesTest {

  private static final long MS = 1_000_000L;

  /** Reads JSON integers as Long, as the assertions compare them. */
  static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

  /**
   * A phase begun on the stepped clock with {@code oks} successes, each {@code stepMs} after the
   * last and taking {@code latencyMs.applyAsLong(i)}; the caller records more or ends it.
   */
  private static PhaseRecorder started(
      String name,
      SimpleMeterRegistry registry,
      RunClock clock,
      AtomicLong now,
      int oks,
      long stepMs,
      IntToLongFunction latencyMs) {
    PhaseRecorder phase = new PhaseRecorder(name, registry, clock);
    phase.start();
    for (int i = 0; i < oks; i++) {
      now.addAndGet(stepMs * MS);
      phase.recordOk(latencyMs.applyAsLong(i) * MS);
    }
    return phase;
  }

  /** A run of 10 devices x 2 VDOMs: 20 keys, 20 enrollments, 18 renewals ok and 2 failed. */
  static RunResults sampleRun() {
    return sampleRun(Map.of());
  }

  /** The sample run with {@code extra} parameters (a large one makes the file slow to write). */
  static RunResults sampleRun(Map<String, String> extra) {
    AtomicLong now = new AtomicLong();
    RunClock clock = new RunClock(now::get);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PhaseRecorder keygen = started("keygen", registry, clock, now, 20, 100, i -> 100);
    keygen.end();
    PhaseRecorder enroll = started("enroll", registry, clock, now, 20, 50, i -> 40);
    enroll.end();
    PhaseRecorder storm = started("storm", registry, clock, now, 18, 150, i -> 5 + i);
    storm.recordFailure("badRequest", 3 * MS);
    storm.recordFailure("http-500 <\"CA\">", 2 * MS);
    now.addAndGet(300 * MS);
    storm.end();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("--devices", "10");
    params.put("--key", "rsa2048");
    params.put("--ca", "embedded & \"local\"");
    params.putAll(extra);
    BoundResult bound =
        new BoundResult("raw", "rsa2048", BoundResult.KEY_TRANS, 2, 1200, 4.0, 300.0, 8.0, 0.4);
    BoundResult codec =
        new BoundResult(
            "codec", "rsa2048", BoundResult.KEY_TRANS, 2, 800, 4.0, 200.0, -1, Double.NaN);
    return new RunResults(
        params,
        10,
        2,
        20,
        keygen.snapshot(),
        enroll.snapshot(),
        withCpuByThread(storm.snapshot(), STORM_CPU),
        bound,
        codec,
        51_200,
        3_145_728,
        java.util.List.of(),
        null);
  }

  /** Where the sample storm's CPU went: fixed, so the reports' figures can be checked. */
  static final Map<String, Double> STORM_CPU = orderedCpu();

  private static Map<String, Double> orderedCpu() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("appliances", 2.5);
    m.put("ca", 2.0);
    m.put("network", 0.5);
    m.put("jit", 1.0);
    return m;
  }

  private static PhaseResult withCpuByThread(PhaseResult p, Map<String, Double> cpu) {
    return new PhaseResult(
        p.phase(),
        p.ok(),
        p.failed(),
        p.failedTries(),
        p.inFlight(),
        p.failuresByKind(),
        p.startSeconds(),
        p.endSeconds(),
        p.ended(),
        p.perSecond(),
        6.0,
        cpu,
        p.latencyMs(),
        p.latencyHistogram(),
        p.okPerSecond(),
        p.failedPerSecond());
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonCarriesTheNamedFields(@TempDir Path dir) throws Exception {
    RunResults run = sampleRun();
    ReportFiles.write(run, dir);
    Map<String, Object> json = JSON.readValue(dir.resolve(ReportFiles.JSON).toFile(), Map.class);
    assertEquals(10L, json.get("devices"));
    assertEquals(2L, json.get("vdoms"));
    assertEquals(20L, json.get("certificates"));
    Map<String, Object> keygen = (Map<String, Object>) json.get("keygen");
    assertEquals(20L, keygen.get("keys"));
    assertEquals(2.0, ((Number) keygen.get("seconds")).doubleValue(), 1e-9);
    Map<String, Object> enroll = (Map<String, Object>) json.get("enroll");
    assertEquals(20L, enroll.get("ok"));
    assertEquals(0L, enroll.get("failed"));
    assertEquals(1.0, ((Number) enroll.get("seconds")).doubleValue(), 1e-9);
    assertEquals(20.0, ((Number) enroll.get("per_second")).doubleValue(), 1e-9);
    Map<String, Object> storm = (Map<String, Object>) json.get("storm");
    assertEquals(18L, storm.get("ok"));
    assertEquals(2L, storm.get("failed"));
    assertEquals(3.0, ((Number) storm.get("seconds")).doubleValue(), 1e-9);
    assertEquals(6.0, ((Number) storm.get("per_second")).doubleValue(), 1e-9);
    Map<String, Object> latency = (Map<String, Object>) storm.get("latency_ms");
    assertEquals(22.0, ((Number) latency.get("max")).doubleValue(), 1e-9);
    assertEquals(14.0, ((Number) latency.get("p50")).doubleValue(), 1.0);
    assertTrue(latency.keySet().containsAll(List.of("p50", "p90", "p99", "max")));
    assertEquals(300.0, ((Number) json.get("crypto_bound_per_second")).doubleValue(), 1e-9);
    assertEquals(0.02, ((Number) json.get("efficiency")).doubleValue(), 1e-9);
    assertEquals(51_200L, json.get("heap_bytes_per_appliance"));
    assertEquals(3_145_728L, json.get("ca_heap_bytes"));
    // The fleet's own CPU: 6.0 s in the storm less the CA's 2.0, over 18 renewals; the client side
    // of the bound: 8.0 CPU s x 0.4 appliance share over 1,200 renewals.
    assertEquals(222.222, ((Number) json.get("fleet_cpu_ms_per_renewal")).doubleValue(), 1e-9);
    assertEquals(2.667, ((Number) json.get("client_bound_cpu_ms_per_renewal")).doubleValue(), 1e-9);
    assertEquals(0.012, ((Number) json.get("client_efficiency")).doubleValue(), 1e-9);
    assertTrue(
        ((List<String>) json.get("notes")).get(0).contains("new certificate is in the appliance's"),
        json.get("notes").toString());
    assertEquals(Map.of("badRequest", 1L, "http-500 <\"CA\">", 1L), json.get("failures_by_kind"));
    Map<String, Object> overTime = (Map<String, Object>) json.get("renewals_over_time");
    // Completions every 150 ms: 6 in the first second, 7 in the second, 5 in the third.
    assertEquals(List.of(6L, 7L, 5L), overTime.get("ok"));
    assertEquals(List.of(0L, 0L, 2L), overTime.get("failed"));
    assertEquals(
        "embedded & \"local\"", ((Map<String, Object>) json.get("parameters")).get("--ca"));
    assertEquals(200.0, ((Number) json.get("codec_reference_per_second")).doubleValue(), 1e-9);
    Map<String, Object> cpu = (Map<String, Object>) storm.get("cpu_seconds_by_thread");
    assertEquals(List.of("appliances", "ca", "network", "jit"), List.copyOf(cpu.keySet()));
    STORM_CPU.forEach((k, v) -> assertEquals(v, ((Number) cpu.get(k)).doubleValue(), 1e-9, k));
  }

  @Test
  void htmlIsWellFormedWithChartsAndNumbers(@TempDir Path dir) throws Exception {
    ReportFiles.write(sampleRun(), dir);
    String html = Files.readString(dir.resolve(ReportFiles.HTML));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc =
        f.newDocumentBuilder()
            .parse(
                new ByteArrayInputStream(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    NodeList svgs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
    assertEquals(4, svgs.getLength());
    // Timeline: 3 seconds of bars plus the failures stacked on the last; latency: bars up to
    // "<= 50 ms" (5..22 ms); failures: two kinds.
    assertEquals(3 + 1, rects(svgs.item(0)));
    assertEquals(6, rects(svgs.item(1)));
    assertEquals(2, rects(svgs.item(2)));
    // The storm's CPU: a bar per kind of thread, each with its seconds and share of the 6 s.
    assertEquals(4, rects(svgs.item(3)));
    assertTrue(html.contains(">1.0 s (17%)<"), "jit bar label");
    // 18 renewals on 2 threads at a bound of 300/s need 0.12 s of the storm's 6.0.
    assertTrue(
        html.contains(
            "The storm used 6.0 CPU seconds for 18 renewals; the crypto bound does"
                + " them in 0.1 (2%)."),
        "bound against storm CPU");
    assertFalse(html.contains("<script"), "no script in the report");
    assertFalse(
        html.contains("http://") && html.replace("http://www.w3.org/", "").contains("http://"),
        "nothing fetched from elsewhere");
    assertTrue(html.contains(">6.00<"), "storm rate card");
    assertTrue(html.contains(">300.0<"), "crypto bound card");
    assertTrue(html.contains(">0.02<"), "efficiency card");
    assertTrue(html.contains("card bad\"><div class=\"label\">Efficiency"), "efficiency misses");
    assertTrue(html.contains(">50.0 KiB<"), "heap card");
    assertTrue(html.contains(">http-500 &lt;&quot;CA&quot;&gt;<"), "escaped failure kind");
    assertTrue(html.contains("<td>embedded &amp; &quot;local&quot;</td>"), "parameters");
    assertNull(doc.getDoctype().getSystemId());
    // The storm's CPU by thread, with each kind's share of the 6 s: the JIT's 1.0 s is 17 %.
    assertTrue(html.contains("<h3>CPU seconds by thread</h3>"), "CPU by thread table");
    assertTrue(html.contains("<th>jit</th>"), "jit column");
    assertTrue(html.contains("<td>1.0 (17%)</td>"), "jit share of the storm");
  }

  @Test
  void aLinkPlantedAtTheTemporaryPathIsNotFollowed(@TempDir Path dir) throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.createSymbolicLink(out.resolve("." + ReportFiles.JSON + ".tmp"), victim);
    Files.createSymbolicLink(out.resolve(ReportFiles.JSON + ".tmp"), victim);
    ReportFiles.write(sampleRun(), out);
    assertEquals("precious\n", Files.readString(victim));
    assertEquals(
        10L, JSON.readValue(out.resolve(ReportFiles.JSON).toFile(), Map.class).get("devices"));
  }

  @Test
  void jsonIsReplacedWholeWithPlainDecimals(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(ReportFiles.JSON), "{\"devices\": 999}");
    RunResults run = sampleRun();
    ReportFiles.write(run, dir);
    assertEquals(
        10L, JSON.readValue(dir.resolve(ReportFiles.JSON).toFile(), Map.class).get("devices"));
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of(ReportFiles.HTML, ReportFiles.JSON),
          files.map(f -> f.getFileName().toString()).sorted().toList(),
          "no temporary file left behind");
    }
    String text = ResultsJson.encode(run);
    assertTrue(text.endsWith("}\n"), text);
    // Rounded decimals are written plainly, never in exponent form.
    assertTrue(text.contains("\"crypto_bound_per_second\": 300,"), text);
    assertTrue(text.contains("\"efficiency\": 0.02,"), text);
  }

  private static int rects(org.w3c.dom.Node svg) {
    return ((org.w3c.dom.Element) svg)
        .getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect")
        .getLength();
  }
}
