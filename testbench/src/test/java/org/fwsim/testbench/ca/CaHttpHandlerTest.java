package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CA's HTTP face on EmbeddedChannel: bytes in, bytes out, no sockets. */
class CaHttpHandlerTest {

  private static CaMaterial rootOnly;
  private static CaMaterial withChain;
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void material() {
    Instant t = Instant.parse("2026-11-23T00:00:00Z");
    rootOnly = CaMaterial.generate(CaMaterial.Spec.rootOnly(), t);
    withChain =
        CaMaterial.generate(CaMaterial.Spec.rootOnly().withIntermediate(true).withRa(true), t);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void getCaCapsListsTheKeywordsAsPlainText() {
    ScepCa ca = ca(ScepCa.builder().material(rootOnly));
    FullHttpResponse r = roundTrip(ca, get("/cgi-bin/pkiclient.exe?operation=GetCACaps"));

    assertEquals(200, r.status().code());
    assertEquals("text/plain", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
    assertEquals("close", r.headers().get(HttpHeaderNames.CONNECTION));
    assertEquals(ScepCa.DEFAULT_CAPS, List.of(body(r).trim().split("\n")));
    AccessLog.Entry e = ca.accessLog().entries().get(0);
    assertEquals("GetCACaps", e.operation());
    assertEquals("OK", e.result());
    assertEquals(clock.instant(), e.time());
    r.release();
  }

  @Test
  void getCaCertIsOneDerCertificateForARootAlone() throws Exception {
    FullHttpResponse r = rootOnlyGet("/scep?operation=GetCACert&message=CAIdentifier");

    assertEquals(200, r.status().code());
    assertEquals("application/x-x509-ca-cert", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
    X509Certificate c =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(ByteBufUtil.getBytes(r.content())));
    assertEquals(rootOnly.rootCert(), c);
    r.release();
  }

  @Test
  void getCaCertIsAChainWithIntermediateAndRaCertificates() throws Exception {
    ScepCa ca = ca(ScepCa.builder().material(withChain));
    FullHttpResponse r = roundTrip(ca, get("/app/cert/scep/?operation=GetCACert"));

    assertEquals("application/x-x509-ca-ra-cert", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
    CaCertificates parsed =
        CaCertificates.parse(CaCertificates.CA_RA_CERT, ByteBufUtil.getBytes(r.content()));
    assertEquals(4, parsed.all().size());
    assertEquals(withChain.raEncryptCert(), parsed.encryptionCert());
    assertEquals(withChain.raSignCert(), parsed.signingCert());
    r.release();
  }

  @Test
  void unknownOrMissingOperationAndBadGetMessageAreHttp400() {
    ScepCa ca = ca(ScepCa.builder().material(rootOnly));
    for (String uri :
        List.of(
            "/scep?operation=GetNextCACert",
            "/scep",
            "/scep?operation=PKIOperation",
            "/scep?operation=PKIOperation&message=%%%not-base64")) {
      FullHttpResponse r = roundTrip(ca, get(uri));
      assertEquals(400, r.status().code(), uri);
      assertTrue(body(r).length() > 5, uri);
      r.release();
    }
    FullHttpRequest put = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/scep");
    FullHttpResponse r = roundTrip(ca, put);
    assertEquals(405, r.status().code());
    r.release();
    assertTrue(ca.accessLog().entries().stream().allMatch(e -> e.result().startsWith("HTTP 4")));
  }

  @Test
  void headersAreTheFortiAuthenticatorsInItsOrderAndCase() {
    FullHttpResponse r = rootOnlyGet("/app/cert/scep/?operation=GetCACert");
    List<String> names = new ArrayList<>();
    r.headers().forEach(h -> names.add(h.getKey()));
    assertEquals(
        List.of(
            "Date",
            "Content-Length",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Permissions-Policy",
            "Connection",
            "Content-Type"),
        names);
    assertEquals("Mon, 23 Nov 2026 10:00:00 GMT", r.headers().get("Date"));
    assertEquals("nosniff", r.headers().get("X-Content-Type-Options"));
    assertEquals("strict-origin-when-cross-origin", r.headers().get("Referrer-Policy"));
    assertEquals("fullscreen=(self)", r.headers().get("Permissions-Policy"));
    assertEquals("close", r.headers().get("Connection"));
    r.release();
  }

  @Test
  void theWebServersOwnPageIs200AsAnHttpHealthCheckExpects() {
    FullHttpResponse r = rootOnlyGet("/");
    assertEquals(200, r.status().code());
    assertTrue(r.headers().get(HttpHeaderNames.CONTENT_TYPE).startsWith("text/html"));
    assertTrue(body(r).contains("<html>"), body(r));
    r.release();
  }

  @Test
  void getMessageToleratesUnescapedPlusAndLineBreaksButNotJunk() {
    byte[] der = {(byte) 0xfb, (byte) 0xef, (byte) 0xbe, 0x30};
    String b64 = java.util.Base64.getEncoder().encodeToString(der);
    assertTrue(b64.contains("+"), b64);

    org.junit.jupiter.api.Assertions.assertArrayEquals(
        der, CaHttpHandler.decodeGetMessage(b64.replace('+', ' ')));
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        der, CaHttpHandler.decodeGetMessage(b64.substring(0, 4) + "\r\n" + b64.substring(4)));
    assertNull(CaHttpHandler.decodeGetMessage("%%%"));
    assertNull(CaHttpHandler.decodeGetMessage(""));
  }

  @Test
  void postOverTheCapIsHttp413() {
    ScepCa ca = ca(ScepCa.builder().material(rootOnly).maxRequestBytes(4096));
    FullHttpRequest big =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            "/scep?operation=PKIOperation",
            Unpooled.wrappedBuffer(new byte[5000]));
    big.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 5000);

    FullHttpResponse r = roundTrip(ca, big);

    assertEquals(413, r.status().code());
    assertEquals("HTTP 413", ca.accessLog().entries().get(0).result());
    r.release();
  }

  @Test
  void garbagePostIsAnsweredByAWorkerWithHttp400() {
    ScepCa ca = ca(ScepCa.builder().material(rootOnly));
    FullHttpRequest post = post(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});

    FullHttpResponse r = roundTrip(ca, post);

    assertEquals(400, r.status().code());
    assertTrue(body(r).startsWith("not a pkiMessage"), body(r));
    r.release();
  }

  @Test
  void pkixIsCmpOverHttpAndEvenItsErrorsAre200PkixcmpMessages() {
    ScepCa ca = ca(ScepCa.builder().material(rootOnly).challenge("s3cret"));
    FullHttpRequest post = post(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});
    post.setUri("/pkix/");
    post.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/pkixcmp");

    FullHttpResponse r = roundTrip(ca, post);

    assertEquals(200, r.status().code());
    assertEquals("application/pkixcmp", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
    assertEquals("close", r.headers().get(HttpHeaderNames.CONNECTION));
    r.release();
    assertEquals("ERROR badDataFormat", ca.accessLog().entries().get(0).result());
  }

  @Test
  void pkixTakesOnlyPostsOfApplicationPkixcmp() {
    ScepCa ca = ca(ScepCa.builder().material(rootOnly));
    FullHttpResponse r = roundTrip(ca, get("/pkix/"));
    assertEquals(405, r.status().code());
    r.release();
    FullHttpRequest post = post(new byte[] {0x30, 0x00});
    post.setUri("/pkix/");
    post.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    r = roundTrip(ca, post);
    assertEquals(415, r.status().code());
    assertTrue(body(r).contains("application/pkixcmp"), body(r));
    r.release();
  }

  @Test
  void fullWorkQueueIsHttp503AtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    PkiOperations slow =
        (msg, faults) -> {
          started.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return PkiAnswer.certRep(new byte[] {1}, "PKCSReq", "T", "SUCCESS");
        };
    CaWorkers workers = workers(1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CaHttpHandler.Shared shared = shared(slow, workers, CaFaults.NONE, true, registry, 16);
    EmbeddedChannel busy = channel(shared);
    EmbeddedChannel queued = channel(shared);
    EmbeddedChannel rejected = channel(shared);

    sendOnly(busy, post(new byte[] {1}));
    assertTrue(started.await(5, TimeUnit.SECONDS));
    sendOnly(queued, post(new byte[] {2}));
    sendOnly(rejected, post(new byte[] {3}));

    ByteBuf r503 = rejected.readOutbound();
    assertNotNull(r503, "503 must come at once, not after the queue drains");
    assertTrue(r503.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 503"));
    assertNull(busy.readOutbound());
    r503.release();
    assertEquals(1, registry.get(CaMetrics.REQUESTS).tag("result", "HTTP_503").counter().count());
    assertEquals(1, registry.get(CaMetrics.QUEUE).gauge().value());

    release.countDown();
    assertEquals(200, exchange(busy, 1).get(0).status().code());
    assertEquals(200, exchange(queued, 1).get(0).status().code());
  }

  @Test
  void aConnectionWithoutAWholeRequestInTimeGets408AndIsClosed() {
    CaWorkers workers = workers(4);
    EmbeddedChannel idle = channel(shared(null, workers, CaFaults.NONE, false));
    idle.freezeTime();
    advance(idle, REQUEST_TIMEOUT.toMillis() - 1);
    assertTrue(idle.isActive(), "still within the timeout");
    advance(idle, 1);
    ByteBuf answer = idle.readOutbound();
    assertNotNull(answer);
    assertTrue(answer.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 408"));
    answer.release();
    assertFalse(idle.isActive());

    // A slow client: half a request line, then nothing more.
    EmbeddedChannel slow = channel(shared(null, workers, CaFaults.NONE, false));
    slow.freezeTime();
    slow.writeInbound(
        Unpooled.copiedBuffer("GET /scep?operation=GetCA", StandardCharsets.US_ASCII));
    advance(slow, REQUEST_TIMEOUT.toMillis());
    assertFalse(slow.isActive());
  }

  @Test
  void http500IsTheShareOfRequestsItsFractionSays() {
    CaWorkers workers = workers(4);
    EmbeddedChannel ch =
        channel(shared(null, workers, CaFaults.NONE.withHttp500Fraction(0.25), false));
    int failed = 0;
    int requests = 400;
    for (int i = 0; i < requests; i++) {
      if (exchange(ch, 1, get("/scep?operation=GetCACaps")).get(0).status().code() == 500) {
        failed++;
      }
    }
    // A quarter of 400 from the seeded draws: far from none and from all, as a switch would be.
    assertTrue(failed > 70 && failed < 130, failed + " of " + requests + " answered 500");
  }

  @Test
  void aKeptAliveConnectionGetsAFreshTimeoutAfterEachAnswer() {
    CaWorkers workers = workers(4);
    EmbeddedChannel ch = channel(shared(null, workers, CaFaults.NONE, false));
    ch.freezeTime();
    ch.advanceTimeBy(REQUEST_TIMEOUT.toMillis() - 1000, TimeUnit.MILLISECONDS);
    assertEquals(200, exchange(ch, 1, get("/scep?operation=GetCACaps")).get(0).status().code());
    advance(ch, REQUEST_TIMEOUT.toMillis() - 1);
    assertTrue(ch.isActive(), "the answer restarted the timeout");
    advance(ch, 1);
    assertFalse(ch.isActive());
  }

  @Test
  void connectionsOverTheCapGet503WithRetryAfterAndFreeTheirPlaceOnClose() {
    CaWorkers workers = workers(4);
    CaHttpHandler.Shared shared =
        shared(null, workers, CaFaults.NONE, false, new SimpleMeterRegistry(), 2);
    EmbeddedChannel first = channel(shared);
    EmbeddedChannel second = channel(shared);
    // Both have spoken: at the cap only a silent connection would give its place to a newcomer.
    for (EmbeddedChannel spoke : List.of(first, second)) {
      assertEquals(
          200, exchange(spoke, 1, get("/scep?operation=GetCACaps")).get(0).status().code());
    }
    EmbeddedChannel third = channel(shared);

    ByteBuf refused = third.readOutbound();
    assertNotNull(refused, "the cap of two is reached");
    String head = refused.toString(StandardCharsets.US_ASCII);
    refused.release();
    assertTrue(head.startsWith("HTTP/1.1 503"), head);
    assertTrue(head.toLowerCase().contains("retry-after: 1"), head);
    assertFalse(third.isActive());
    assertNull(first.readOutbound());
    assertEquals(2, shared.guard().open());

    first.close();
    assertEquals(1, shared.guard().open());
    EmbeddedChannel fourth = channel(shared);
    assertEquals(200, exchange(fourth, 1, get("/scep?operation=GetCACaps")).get(0).status().code());
    second.close();
    fourth.close();
    assertEquals(0, shared.guard().open());
  }

  @Test
  void theGuardKeepsNoClosedConnectionAlive() {
    CaWorkers workers = workers(4);
    CaHttpHandler.Shared shared =
        shared(null, workers, CaFaults.NONE, false, new SimpleMeterRegistry(), 1000);
    List<EmbeddedChannel> silent = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      silent.add(channel(shared));
    }
    silent.forEach(EmbeddedChannel::close);

    assertEquals(0, shared.guard().open());
    assertTrue(
        shared.guard().tracked() <= 64,
        "the guard still tracks " + shared.guard().tracked() + " closed connections");
  }

  private static void sendOnly(EmbeddedChannel server, FullHttpRequest r) {
    EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec());
    client.writeOutbound(r);
    for (ByteBuf b; (b = client.readOutbound()) != null; ) {
      server.writeInbound(b);
    }
  }

  @Test
  void slowFaultDelaysTheAnswerOnTheEventLoopClock() {
    CaWorkers workers = workers(4);
    EmbeddedChannel ch = channel(shared(null, workers, CaFaults.NONE.withDelayMillis(3000), true));
    // The channel clock otherwise follows real time too, and a loaded machine adds the last ms.
    ch.freezeTime();

    sendOnly(ch, get("/scep?operation=GetCACaps"));
    assertNull(ch.readOutbound(), "held back while the delay runs");
    advance(ch, 2999);
    assertNull(ch.readOutbound());
    advance(ch, 1);

    assertEquals(200, exchange(ch, 1).get(0).status().code());
  }

  @Test
  void downFaultClosesTheConnectionWithoutAnswer() {
    CaWorkers workers = workers(4);
    EmbeddedChannel ch = channel(shared(null, workers, CaFaults.NONE.withDown(true), true));

    assertFalse(ch.isActive());
    assertNull(ch.readOutbound());
  }

  @Test
  void keepAliveAnswersPipelinedRequestsInOrderOnOneConnection() {
    CaWorkers workers = workers(4);
    EmbeddedChannel server = channel(shared(null, workers, CaFaults.NONE, false));

    List<FullHttpResponse> rs =
        exchange(server, 2, get("/scep?operation=GetCACert"), get("/scep?operation=GetCACaps"));

    assertEquals(
        "application/x-x509-ca-cert", rs.get(0).headers().get(HttpHeaderNames.CONTENT_TYPE));
    assertEquals("text/plain", rs.get(1).headers().get(HttpHeaderNames.CONTENT_TYPE));
    assertEquals("keep-alive", rs.get(1).headers().get(HttpHeaderNames.CONNECTION));
    assertTrue(server.isActive());
    rs.forEach(FullHttpResponse::release);
    server.finishAndReleaseAll();
  }

  /** The answer of a CA with a root alone to a GET of {@code uri}. */
  private FullHttpResponse rootOnlyGet(String uri) {
    return roundTrip(ca(ScepCa.builder().material(rootOnly)), get(uri));
  }

  private ScepCa ca(ScepCa.Builder b) {
    ScepCa ca = b.clock(clock).meterRegistry(new SimpleMeterRegistry()).workers(1).build();
    toClose.add(ca);
    return ca;
  }

  private static FullHttpResponse roundTrip(ScepCa ca, FullHttpRequest req) {
    EmbeddedChannel server =
        new EmbeddedChannel(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ca.initPipeline(ch.pipeline());
              }
            });
    return exchange(server, 1, req).get(0);
  }

  /** Moves the channel's frozen clock on by {@code millis} and runs the tasks then due. */
  private static void advance(EmbeddedChannel ch, long millis) {
    ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
  }

  /** One crypto worker with room for {@code queue} waiting requests, closed after the test. */
  private CaWorkers workers(int queue) {
    CaWorkers workers = new CaWorkers(1, queue);
    toClose.add(workers);
    return workers;
  }

  private CaHttpHandler.Shared shared(
      PkiOperations pki, CaWorkers workers, CaFaults faults, boolean close) {
    return shared(pki, workers, faults, close, new SimpleMeterRegistry(), 16);
  }

  private CaHttpHandler.Shared shared(
      PkiOperations pki,
      CaWorkers workers,
      CaFaults faults,
      boolean close,
      SimpleMeterRegistry registry,
      int maxConnections) {
    RequestRecorder rec =
        new RequestRecorder(
            clock, new AccessLog(100, null), new CaMetrics(registry, workers::queued));
    return new CaHttpHandler.Shared(
        CaHttpHandler.ascii("AES\nSHA-256\n"),
        CaMaterial.der(rootOnly.rootCert()),
        CaCertificates.CA_CERT,
        pki,
        workers,
        rec,
        () -> faults,
        close,
        new ConnectionGuard(maxConnections, maxConnections, rec),
        REQUEST_TIMEOUT,
        clock,
        new java.util.Random(1)::nextDouble);
  }

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** A server channel with the CA's full pipeline, wire codec included. */
  private static EmbeddedChannel channel(CaHttpHandler.Shared shared) {
    return new EmbeddedChannel(
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            CaPipeline.init(ch.pipeline(), shared, 4096);
          }
        });
  }

  /** Encodes the requests as a client would, one write, and decodes the server's answers. */
  private static List<FullHttpResponse> exchange(
      EmbeddedChannel server, int expected, FullHttpRequest... reqs) {
    EmbeddedChannel client =
        new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
    for (FullHttpRequest r : reqs) {
      client.writeOutbound(r);
    }
    ByteBuf wire = Unpooled.buffer();
    for (ByteBuf b; (b = client.readOutbound()) != null; ) {
      wire.writeBytes(b);
      b.release();
    }
    if (wire.isReadable()) {
      server.writeInbound(wire);
    } else {
      wire.release();
    }
    List<FullHttpResponse> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (out.size() < expected && System.nanoTime() < deadline) {
      server.runPendingTasks();
      boolean moved = false;
      for (Object o; (o = server.readOutbound()) != null; ) {
        client.writeInbound(o);
        moved = true;
      }
      for (Object o; (o = client.readInbound()) != null; ) {
        out.add((FullHttpResponse) o);
      }
      if (!moved && out.size() < expected) {
        // A worker thread is still busy: give it a millisecond, bounded by the deadline.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
    if (out.size() < expected) {
      throw new AssertionError("got " + out.size() + " of " + expected + " responses within 5 s");
    }
    return out;
  }

  private static FullHttpRequest get(String uri) {
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
  }

  private static FullHttpRequest post(byte[] body) {
    FullHttpRequest r =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            "/scep?operation=PKIOperation",
            Unpooled.wrappedBuffer(body));
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r;
  }

  private static String body(FullHttpResponse r) {
    return r.content().toString(StandardCharsets.UTF_8);
  }
}
