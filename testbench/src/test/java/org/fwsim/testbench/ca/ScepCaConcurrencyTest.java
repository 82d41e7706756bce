package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.PkiStatus;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.Test;

/**
 * A burst larger than the work queue: every request gets SUCCESS or an immediate 503, nothing else.
 */
class ScepCaConcurrencyTest {

  @Test
  void burstBeyondTheQueueGetsSuccessOr503AndUniqueSerials() throws Exception {
    SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ScepCa ca =
        ScepCa.builder()
            .clock(clock)
            .meterRegistry(registry)
            .challenge("pw")
            .workers(2)
            .queueCapacity(4)
            .build()) {
      ca.start(new InetSocketAddress("127.0.0.1", 0));
      ScepTestClient client = new ScepTestClient(ca.url(), clock);
      KeyPair key = ScepTestClient.rsa();
      List<ScepTestClient.Enrolment> burst = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        burst.add(client.enrol(key, "burst-" + i, "pw"));
      }

      List<CompletableFuture<HttpResponse<byte[]>>> sent = new ArrayList<>();
      for (ScepTestClient.Enrolment e : burst) {
        sent.add(
            client.http.sendAsync(
                HttpRequest.newBuilder(URI.create(ca.url() + "?operation=PKIOperation"))
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(e.request().der()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray()));
      }
      int ok = 0;
      int busy = 0;
      for (int i = 0; i < sent.size(); i++) {
        HttpResponse<byte[]> r = sent.get(i).get(30, TimeUnit.SECONDS);
        if (r.statusCode() == 503) {
          busy++;
          continue;
        }
        assertEquals(200, r.statusCode());
        CertRep rep =
            client.codec.decodeReply(r.body(), burst.get(i).request(), key.getPrivate(), client.ca);
        assertEquals(PkiStatus.SUCCESS, rep.status(), rep::failInfoText);
        ok++;
      }

      assertEquals(40, ok + busy);
      assertTrue(ok >= 6, "at least the workers and the queue were served: " + ok);
      Set<java.math.BigInteger> serials = new HashSet<>();
      ca.certificates().all().forEach(r -> serials.add(r.serial()));
      assertEquals(ok, serials.size(), "one certificate, one serial per SUCCESS");
      assertEquals(
          busy,
          (int)
              registry.find(CaMetrics.REQUESTS).tag("result", "HTTP_503").counters().stream()
                  .mapToDouble(c -> c.count())
                  .sum());
      // And the CA still answers once the burst is over.
      assertEquals(200, client.get("GetCACaps", HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }
}
