package org.fwsim.testbench.fleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.HdrHistogram.Histogram;

/**
 * REST requests at a fixed rate across devices, over real HTTPS with keep-alive connections (an
 * open loop: requests leave on schedule whether or not earlier ones have answered, and latency is
 * counted from when a request was due, so a server falling behind shows in p99 rather than hiding
 * in a slower client). Each device is one client with one keep-alive connection, as an automation
 * tool keeps one per device: its requests queue behind each other rather than opening more
 * connections (each a TLS handshake) when answers are slow. Nine in ten are a token GET of {@code
 * cmdb/system/interface/port1}, one a PUT of {@code port2}'s alias. The JDK's HTTP client, in the
 * same process.
 */
final class RestLoad {

  /** Requests still unanswered beyond which the load stops sending and counts them as errors. */
  private static final int MAX_OUTSTANDING = 2_000;

  /** One device to send to: its base URL ({@code https://host:port}) and an API token. */
  record Target(String base, String token) {}

  /** What a run measured. */
  record Result(long sent, long ok, long errors, Duration window, Histogram latencyMicros) {
    double rate() {
      return ok / (window.toNanos() / 1e9);
    }
  }

  private final HttpClient http;
  private final List<Target> targets;

  RestLoad(List<Target> targets) throws Exception {
    this.targets = List.copyOf(targets);
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
    this.http =
        HttpClient.newBuilder()
            .sslContext(trustAll)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** One GET to every target, so each has its TLS connection before anything is timed. */
  long warm() {
    AtomicLong failed = new AtomicLong();
    CompletableFuture.allOf(
            targets.stream()
                .map(t -> send(t, false, 0).exceptionally(e -> -1))
                .map(f -> f.thenAccept(s -> failed.addAndGet(s == 200 ? 0 : 1)))
                .toArray(CompletableFuture[]::new))
        .join();
    return failed.get();
  }

  /**
   * Sends {@code rate} requests a second for {@code window}, round-robin over the targets, and
   * waits for the last answers.
   */
  Result run(int rate, Duration window) throws InterruptedException {
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong outstanding = new AtomicLong();
    long total = rate * window.toSeconds();
    long start = System.nanoTime();
    long periodNanos = 1_000_000_000L / rate;
    var ticker = Executors.newSingleThreadScheduledExecutor();
    AtomicLong next = new AtomicLong();
    CompletableFuture<Void> allSent = new CompletableFuture<>();
    // One request at a time per device, in order: written by the ticker thread only.
    CompletableFuture<?>[] lanes = new CompletableFuture<?>[targets.size()];
    java.util.Arrays.fill(lanes, CompletableFuture.completedFuture(null));
    Queue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
    ticker.scheduleAtFixedRate(
        () -> {
          long due = Math.min(total, (System.nanoTime() - start) / periodNanos + 1);
          for (long i = next.get(); i < due; i = next.incrementAndGet()) {
            long dueAt = start + i * periodNanos;
            if (outstanding.get() >= MAX_OUTSTANDING) {
              errors.incrementAndGet();
              continue;
            }
            outstanding.incrementAndGet();
            int lane = (int) (i % targets.size());
            Target t = targets.get(lane);
            long n = i;
            CompletableFuture<Integer> answered =
                lanes[lane].handle((v, e) -> null).thenCompose(v -> send(t, n % 10 == 9, n));
            lanes[lane] = answered;
            inFlight.add(
                answered
                    .whenComplete(
                        (status, err) -> {
                          outstanding.decrementAndGet();
                          if (err == null && status == 200) {
                            ok.incrementAndGet();
                            long micros = (System.nanoTime() - dueAt) / 1000;
                            synchronized (latency) {
                              latency.recordValue(
                                  Math.min(micros, latency.getHighestTrackableValue()));
                            }
                          } else {
                            errors.incrementAndGet();
                          }
                        })
                    .exceptionally(e -> null)); // counted above; the wait below must not stop
          }
          if (next.get() >= total) {
            allSent.complete(null);
          }
        },
        0,
        1,
        TimeUnit.MILLISECONDS);
    allSent.join();
    ticker.shutdownNow();
    try {
      CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // counted: failed answers as errors above, unanswered ones as outstanding below
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    errors.addAndGet(outstanding.get());
    return new Result(total, ok.get(), errors.get(), elapsed, latency);
  }

  private CompletableFuture<Integer> send(Target t, boolean put, long n) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(t.base() + "/api/v2/cmdb/system/interface/" + (put ? "port2" : "port1")))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + t.token());
    if (put) {
      b.PUT(HttpRequest.BodyPublishers.ofString("{\"alias\":\"bench" + n + "\"}"));
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
        .thenApply(HttpResponse::statusCode);
  }

  /** The devices present self-signed certificates: the load checks answers, not identities. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
