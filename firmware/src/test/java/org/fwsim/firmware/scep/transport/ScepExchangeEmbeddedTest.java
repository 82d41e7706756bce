package org.fwsim.firmware.scep.transport;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.ListSink;
import org.fwsim.hal.clock.Activity;
import org.fwsim.hal.ipc.Mailbox;
import org.fwsim.hal.ipc.WorkerPool;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection pipeline on an {@link EmbeddedChannel}: exact bytes out, canned bytes in, exact
 * trace.
 */
class ScepExchangeEmbeddedTest {
  private static final ScepUrl FAC = ScepUrl.parse("http://10.5.149.111/app/cert/scep/");

  private final ListSink sink = new ListSink();
  private final DebugControl debug =
      new DebugControl(new SteppedClock(Instant.parse("2025-11-24T11:31:35Z")), sink);
  private final Queue<Runnable> mailbox = new ArrayDeque<>();

  /** Where completions go: {@link #mailbox}, unless a test gives the appliance's own. */
  private Executor completions = mailbox::add;

  private ScepHttpResponse ok;
  private ScepTransportException error;
  private EmbeddedChannel ch;

  ScepExchangeEmbeddedTest() {
    debug.application(DebugApplication.FORTICRON, 255);
    debug.application(DebugApplication.SCEP, -1);
    debug.enable();
  }

  @AfterEach
  void release() {
    if (ch != null) {
      ch.finishAndReleaseAll();
    }
  }

  private ScepExchange open(ScepHttpRequest request, int maxBytes, boolean stopInCallback) {
    ScepConnectionTrace trace =
        new ScepConnectionTrace(
            debug.trace(DebugApplication.FORTICRON),
            debug.trace(DebugApplication.SCEP),
            request,
            Runnable::run);
    ScepExchange exchange =
        new ScepExchange(
            request,
            trace,
            completions,
            r -> {
              ok = r;
              // What the state machine prints before it reconnects (KB-420924), then closes.
              debug
                  .trace(DebugApplication.FORTICRON)
                  .line("scep_recv", 527, "got CA, re-connecting the host. send PKCSREQ request");
              if (stopInCallback) {
                r.stopConnect();
              }
            },
            e -> error = e);
    trace.startConnect(); // ScepHttpClient.send does this on the caller's thread
    ch = new EmbeddedChannel(ScepResponseHandler.pipeline(exchange, maxBytes));
    return exchange;
  }

  private String outbound() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      out.writeBytes(bytes);
      b.release();
    }
    return out.toString(ISO_8859_1);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ScepExchangeEmbeddedTest.class.getResourceAsStream(name)) {
      assertNotNull(in, name);
      return in.readAllBytes();
    }
  }

  private static byte[] reply(String head, byte[] body) {
    byte[] h = head.replace("\n", "\r\n").getBytes(ISO_8859_1);
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  private void drainMailbox() {
    for (Runnable r; (r = mailbox.poll()) != null; ) {
      r.run();
    }
  }

  @Test
  void getCaCertMatchesTheKb420924TraceLineForLine() throws IOException {
    open(ScepHttpRequest.getCaCert(FAC, null), ScepHttpClient.DEFAULT_MAX_RESPONSE_BYTES, true);
    assertEquals(
        "GET /app/cert/scep/?operation=GetCACert HTTP/1.1\r\n"
            + "Host: 10.5.149.111\r\nConnection: close\r\n\r\n",
        outbound());

    byte[] cert = new byte[1188];
    Arrays.fill(cert, (byte) 0x30);
    ch.writeInbound(
        Unpooled.wrappedBuffer(reply(new String(resource("getcacert-reply.http"), UTF_8), cert)));
    assertNull(ok, "completion waits for the appliance's mailbox, it never runs on the event loop");
    drainMailbox();

    assertNotNull(ok, () -> "no reply; error " + error);
    assertArrayEquals(cert, ok.body());
    assertEquals("application/x-x509-ca-cert", ok.contentType());
    List<String> golden =
        Arrays.asList(new String(resource("getcacert-forticron.trace"), UTF_8).split("\n"));
    assertEquals(golden, sink.lines());
  }

  /** The CA answers GetCACert with a three-byte certificate, 1 2 3. */
  private void answerThreeBytes() {
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            reply(
                "HTTP/1.1 200 OK\nContent-Type: application/x-x509-ca-cert\n"
                    + "Content-Length: 3\n\n",
                new byte[] {1, 2, 3})));
  }

  /** An appliance's mailbox holding its capacity: new work is refused, as a flood would make it. */
  private static Mailbox fullMailbox(WorkerPool pool) {
    Mailbox full = pool.newMailbox("FGT60F0000000001");
    for (int i = 0; i < 16; i++) {
      full.execute(() -> {});
    }
    assertThrows(RejectedExecutionException.class, () -> full.execute(() -> {}));
    return full;
  }

  @Test
  void aReplyReachesAFullMailboxAndRunsAfterWhatWaitedBeforeIt() {
    WorkerPool pool = new WorkerPool("full", 0, 64, 16, new Activity(), (m, e) -> {});
    completions = fullMailbox(pool).completions();
    open(ScepHttpRequest.getCaCert(FAC, null), 4096, false);
    answerThreeBytes();
    assertNull(ok, "not yet: it waits behind the mailbox's messages");
    assertEquals(17, pool.runUntilIdle());
    assertNotNull(ok, () -> "the reply was lost; error " + error);
    assertArrayEquals(new byte[] {1, 2, 3}, ok.body());
  }

  @Test
  void aTimeoutReachesAFullMailboxToo() {
    WorkerPool pool = new WorkerPool("full", 0, 64, 16, new Activity(), (m, e) -> {});
    completions = fullMailbox(pool).completions();
    ScepExchange exchange = open(ScepHttpRequest.getCaCert(FAC, null), 4096, false);
    exchange.fail(ScepTransportException.Reason.TIMEOUT, "no complete reply", 0, null);
    pool.runUntilIdle();
    assertNotNull(error, "the timeout was lost");
    assertEquals(ScepTransportException.Reason.TIMEOUT, error.reason());
  }

  @Test
  void stopConnectIsPrintedAfterTheCallbackWhenTheCallbackDoesNotAskForIt() {
    open(ScepHttpRequest.getCaCert(FAC, null), 4096, false);
    answerThreeBytes();
    drainMailbox();
    List<String> lines = sink.lines();
    assertEquals("scep_stop_connect()-152: ", lines.get(lines.size() - 2));
    assertEquals("fcron_epoll_after_handle()-277: AFTER READ ret 0", lines.get(lines.size() - 1));
    assertEquals(1, lines.stream().filter(l -> l.startsWith("scep_stop_connect")).count());
  }

  @Test
  void postPkiOperationSendsTheBinaryBodyAndAcceptsTheShortContentType() {
    byte[] pkiMessage = new byte[3000];
    for (int i = 0; i < pkiMessage.length; i++) {
      pkiMessage[i] = (byte) (i * 7);
    }
    open(ScepHttpRequest.pkiOperationPost(FAC, pkiMessage), 65536, true);
    String head =
        "POST /app/cert/scep/?operation=PKIOperation HTTP/1.1\r\n"
            + "Content-Type: application/x-pki-message\r\nContent-Length: 3000\r\n"
            + "Host: 10.5.149.111\r\nConnection: close\r\n\r\n";
    assertEquals(head + new String(pkiMessage, ISO_8859_1), outbound());

    byte[] certRep =
        reply(
            "HTTP/1.1 200 OK\nContent-Length: 25\n"
                + "Connection: close\nContent-Type: x-pki-message\n\n",
            new byte[25]);
    ch.writeInbound(Unpooled.wrappedBuffer(certRep));
    drainMailbox();
    assertNotNull(ok, () -> "no reply; error " + error);
    List<String> lines = sink.lines();
    int wire = head.length() + pkiMessage.length;
    assertTrue(
        lines.containsAll(
            List.of(
                "scep_rxtx()-593: state 2",
                "build_cert_request()-204: ",
                "cert_buf_realloc()-124: new size " + wire,
                "scep_rxtx()-593: state 3",
                "scep_recv()-509: read " + certRep.length + " bytes: pos=0, len=" + wire,
                "scep_recv()-519: data: pos=25, sz=" + wire + ", content-length=25",
                "scep_parse_header: MIME header: x-pki-message")),
        lines::toString);
  }

  /**
   * forticron reads as much as its buffer holds, doubling it when full; the lines follow that, not
   * the chunks TCP happened to deliver, so a trace does not depend on the host.
   */
  @Test
  void readsFollowTheBufferNotTheChunksTcpDelivered() {
    open(ScepHttpRequest.getCaCert(FAC, null), 65536, true);
    byte[] all =
        reply(
            "HTTP/1.1 200 OK\nContent-Type: application/x-x509-ca-cert\nContent-Length: 3000\n\n",
            new byte[3000]);
    ch.writeInbound(Unpooled.wrappedBuffer(all, 0, 1500));
    ch.writeInbound(Unpooled.wrappedBuffer(all, 1500, all.length - 1500));
    drainMailbox();
    assertNotNull(ok);
    List<String> lines = sink.lines();
    int second = all.length - 2048;
    List<String> reads =
        lines.stream()
            .filter(l -> l.startsWith("scep_recv()-509:") || l.startsWith("cert_buf_realloc"))
            .toList();
    assertEquals(
        List.of(
            "cert_buf_realloc()-124: new size 2048",
            "scep_recv()-509: read 2048 bytes: pos=0, len=2048",
            "cert_buf_realloc()-124: new size 4096",
            "scep_recv()-509: read " + second + " bytes: pos=2048, len=4096"),
        reads,
        lines::toString);
  }

  @Test
  void httpStatusOtherThan200FailsWithTheStatus() {
    open(ScepHttpRequest.getCaCert(FAC, null), 4096, true);
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            reply("HTTP/1.1 500 Internal Server Error\nContent-Length: 0\n\n", new byte[0])));
    drainMailbox();
    assertNull(ok);
    assertEquals(ScepTransportException.Reason.HTTP_STATUS, error.reason());
    assertEquals(500, error.httpStatus());
    assertTrue(
        error.getMessage().contains("HTTP status 500 Internal Server Error"), error.getMessage());
    assertTrue(sink.lines().contains("scep_parse_header: server returned status code 500"));
    assertFalse(sink.lines().stream().anyMatch(l -> l.contains("MIME header")));
  }

  @Test
  void wrongContentTypeFailsNamingBothTypes() {
    open(ScepHttpRequest.getCaCert(FAC, null), 4096, true);
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            reply(
                "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 2\n\n",
                "<p".getBytes(ISO_8859_1))));
    drainMailbox();
    assertEquals(ScepTransportException.Reason.CONTENT_TYPE, error.reason());
    assertEquals(
        "GET http://10.5.149.111/app/cert/scep/ operation=GetCACert to 10.5.149.111:80: "
            + "unexpected Content-Type 'text/html' for GetCACert (expected application/x-x509-ca-cert "
            + "or application/x-x509-ca-ra-cert)",
        error.getMessage());
  }

  @Test
  void contentTypeParametersAreIgnored() {
    open(ScepHttpRequest.getCaCert(FAC, null), 4096, true);
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            reply(
                "HTTP/1.1 200 OK\nContent-Type: Application/X-X509-CA-RA-Cert; charset=binary\n"
                    + "Content-Length: 1\n\n",
                new byte[] {9})));
    drainMailbox();
    assertNotNull(ok, () -> "error " + error);
  }

  @Test
  void replyOverTheCapFailsAsTooLarge() {
    open(ScepHttpRequest.getCaCert(FAC, null), 1024, true);
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            reply(
                "HTTP/1.1 200 OK\nContent-Type: application/x-x509-ca-cert\n"
                    + "Content-Length: 4096\n\n",
                new byte[4096])));
    drainMailbox();
    assertNull(ok);
    assertEquals(ScepTransportException.Reason.TOO_LARGE, error.reason());
    assertTrue(error.getMessage().contains("1024-byte limit"), error.getMessage());
  }

  @Test
  void connectionClosedBeforeTheWholeReplyFails() {
    open(ScepHttpRequest.getCaCert(FAC, null), 4096, true);
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            reply(
                "HTTP/1.1 200 OK\nContent-Type: application/x-x509-ca-cert\n"
                    + "Content-Length: 100\n\n",
                new byte[10])));
    ch.close();
    drainMailbox();
    assertNull(ok);
    assertNotNull(error);
    assertEquals(ScepTransportException.Reason.CLOSED, error.reason(), error::toString);
    assertTrue(error.getMessage().contains("closed before the complete reply"), error.getMessage());
  }

  @Test
  void timeoutFiresOnTheChannelsEventLoopAndCompletesOnce() {
    ScepExchange exchange =
        open(ScepHttpRequest.getCaCert(FAC, null).withTimeout(Duration.ofSeconds(5)), 4096, true);
    ch.freezeTime();
    exchange.attach(ch);
    ch.advanceTimeBy(4999, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(exchange.isDone());
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(exchange.isDone());
    assertFalse(ch.isOpen(), "the connection is closed on failure");
    drainMailbox();
    assertEquals(ScepTransportException.Reason.TIMEOUT, error.reason());
    assertTrue(error.getMessage().endsWith("no complete reply within 5000 ms"), error.getMessage());
    assertNull(ok);
  }
}
