package org.fwsim.testbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint over real loopback HTTP, fed through the run's composite registry. */
class PrometheusEndpointTest {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scrapeShowsOurCounterAndTheHypervisorsMeters() throws Exception {
    try (RunMeters meters = RunMeters.create(true);
        Hypervisor hv =
            Hypervisor.builder(SimClock.fastForward(Instant.parse("2026-11-23T00:00:00Z")))
                .workers(1)
                .keygenThreads(1)
                .registry(meters.registry())
                .build();
        PrometheusEndpoint endpoint =
            PrometheusEndpoint.start(0, meters.prometheus().orElseThrow())) {
      Counter.builder("fwsim.test.renewals")
          .tag("phase", "storm")
          .register(meters.registry())
          .increment(3);
      assertTrue(endpoint.url().startsWith("http://127.0.0.1:"), endpoint.url());
      HttpResponse<String> r = get(endpoint.url());
      assertEquals(200, r.statusCode());
      assertEquals(
          "text/plain; version=0.0.4; charset=utf-8",
          r.headers().firstValue("content-type").orElse(""));
      assertTrue(r.body().contains("fwsim_test_renewals_total{phase=\"storm\"} 3.0"), r.body());
      assertTrue(r.body().contains("fwsim_appliances "), "hypervisor gauge: " + r.body());
      // The JVM's own meters and the CPU by kind of thread, for whoever scrapes a shard.
      for (String series :
          new String[] {
            "jvm_memory_used_bytes{",
            "jvm_gc_",
            "jvm_threads_live_threads ",
            "jvm_compilation_time_ms_total",
            "process_cpu_usage ",
            "fwsim_process_cpu_by_thread_seconds_total{thread=\"jit\"}",
            "fwsim_process_cpu_by_thread_seconds_total{thread=\"appliances\"}"
          }) {
        assertTrue(r.body().contains(series), series + " in " + r.body());
      }
      // Keep-alive: a second scrape on the same client works and sees a change.
      Counter.builder("fwsim.test.renewals")
          .tag("phase", "storm")
          .register(meters.registry())
          .increment();
      assertTrue(
          get(endpoint.url()).body().contains("fwsim_test_renewals_total{phase=\"storm\"} 4.0"));
      assertEquals(404, get(endpoint.url().replace("/metrics", "/")).statusCode());
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(endpoint.url()))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
    }
  }

  @Test
  void refusesAnythingButLoopback() {
    try (RunMeters meters = RunMeters.create(true)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  PrometheusEndpoint.start(
                      new InetSocketAddress("0.0.0.0", 0), meters.prometheus().orElseThrow()));
      assertTrue(e.getMessage().contains("loopback only"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> PrometheusEndpoint.start(70_000, meters.prometheus().orElseThrow()));
    }
  }

  @Test
  void withoutPrometheusTheRegistryStillMeasures() {
    try (RunMeters meters = RunMeters.create(false)) {
      assertTrue(meters.prometheus().isEmpty());
      Counter c = Counter.builder("fwsim.test.x").register(meters.registry());
      c.increment(2);
      assertEquals(2.0, c.count());
    }
  }
}
