package org.fwsim.firmware.scep.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.ListSink;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ScepHttpClient} against a real Netty HTTP server on 127.0.0.1. */
class ScepHttpClientTest {
  private static final String MAILBOX_THREAD = "appliance-7-mailbox";
  private static EventLoopGroup group;
  private static ExecutorService mailbox;

  private final ListSink sink = new ListSink();
  private final DebugControl debug =
      new DebugControl(new SteppedClock(Instant.parse("2026-01-01T00:00:00Z")), sink);
  private final ScepHttpClient client =
      new ScepHttpClient(
          new LoopbackScepConnector(group, NioSocketChannel.class, Duration.ofSeconds(2)));
  private CannedHttpServer server;

  @BeforeAll
  static void startLoops() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    mailbox = Executors.newSingleThreadExecutor(r -> new Thread(r, MAILBOX_THREAD));
  }

  @AfterAll
  static void stopLoops() throws InterruptedException {
    mailbox.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** Answers every request with 200, {@code contentType} and the ASCII {@code body}. */
  private void serveOk(String contentType, String body) throws InterruptedException {
    serve(r -> CannedHttpServer.reply(200, contentType, body.getBytes(US_ASCII)));
  }

  private void serve(
      Function<CannedHttpServer.Received, io.netty.handler.codec.http.FullHttpResponse> answer)
      throws InterruptedException {
    server = new CannedHttpServer(group, answer);
  }

  private ScepHttpResponse ok(ScepHttpRequest request) throws Exception {
    return client.send(request, debug, mailbox).get(5, TimeUnit.SECONDS);
  }

  private ScepTransportException failure(ScepHttpRequest request) {
    CompletableFuture<ScepHttpResponse> f = client.send(request, debug, mailbox);
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    return assertInstanceOf(ScepTransportException.class, e.getCause());
  }

  @Test
  void getPkiOperationCarriesEscapedStandardBase64ThatDecodesToTheSameBytes() throws Exception {
    // 0xfb 0xff 0xbf encodes to "+/+/" and a 2-byte tail adds '=': every character that needs
    // escaping.
    byte[] pkiMessage = {
      (byte) 0xfb, (byte) 0xff, (byte) 0xbf, (byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x30, 0x31
    };
    serve(
        r -> {
          List<String> message = new QueryStringDecoder(r.uri()).parameters().get("message");
          byte[] decoded = Base64.getDecoder().decode(message.get(0));
          return CannedHttpServer.reply(200, "application/x-pki-message", decoded);
        });
    ScepHttpResponse response =
        ok(ScepHttpRequest.pkiOperationGet(server.url("/scep"), pkiMessage));
    assertArrayEquals(pkiMessage, response.body(), "server decoded different bytes than were sent");
    CannedHttpServer.Received got = server.next();
    assertEquals("GET", got.method());
    assertEquals("/scep?operation=PKIOperation&message=%2B%2F%2B%2F%2B%2F%2B%2FMDE%3D", got.uri());
  }

  @Test
  void postPkiOperationArrivesAsABinaryBody() throws Exception {
    byte[] pkiMessage = new byte[4000];
    for (int i = 0; i < pkiMessage.length; i++) {
      pkiMessage[i] = (byte) (i * 31 + 7); // all byte values, including CR, LF and 0
    }
    serve(r -> CannedHttpServer.reply(200, "application/x-pki-message", new byte[] {0x30, 0x00}));
    ScepHttpResponse response =
        ok(ScepHttpRequest.pkiOperationPost(server.url("/scep"), pkiMessage));
    assertArrayEquals(new byte[] {0x30, 0x00}, response.body());
    CannedHttpServer.Received got = server.next();
    assertEquals("POST", got.method());
    assertEquals("/scep?operation=PKIOperation", got.uri());
    assertEquals("application/x-pki-message", got.contentType());
    assertArrayEquals(pkiMessage, got.body());
  }

  @Test
  void getCaCapsSendsTheCaIdentifierAndAcceptsAnyContentType() throws Exception {
    serveOk("text/plain", "POSTPKIOperation\nSHA-256\nAES\n");
    ScepHttpResponse response =
        ok(ScepHttpRequest.getCaCaps(server.url("/app/cert/scep/"), "FAC CA/1"));
    assertEquals("POSTPKIOperation\nSHA-256\nAES\n", new String(response.body(), US_ASCII));
    assertEquals("/app/cert/scep/?operation=GetCACaps&message=FAC%20CA%2F1", server.next().uri());
  }

  @Test
  void replyOverTheDefaultCapIsRefused() throws Exception {
    serve(r -> CannedHttpServer.reply(200, "application/x-x509-ca-cert", new byte[300 * 1024]));
    ScepTransportException e = failure(ScepHttpRequest.getCaCert(server.url("/scep"), null));
    assertEquals(ScepTransportException.Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("262144-byte limit"), e.getMessage());
  }

  @Test
  void wrongContentTypeIsRefused() throws Exception {
    serveOk("text/html", "<html>mscep_admin</html>");
    ScepTransportException e =
        failure(ScepHttpRequest.pkiOperationPost(server.url("/scep"), new byte[] {1}));
    assertEquals(ScepTransportException.Reason.CONTENT_TYPE, e.reason());
    assertTrue(
        e.getMessage().contains("unexpected Content-Type 'text/html' for PKIOperation"),
        e.getMessage());
  }

  @Test
  void http500IsAnErrorWithTheStatus() throws Exception {
    serve(r -> CannedHttpServer.reply(500, "text/plain", "boom".getBytes(US_ASCII)));
    ScepTransportException e = failure(ScepHttpRequest.getCaCert(server.url("/scep"), null));
    assertEquals(ScepTransportException.Reason.HTTP_STATUS, e.reason());
    assertEquals(500, e.httpStatus());
  }

  @Test
  void serverThatNeverAnswersTimesOut() throws Exception {
    serve(r -> null);
    long start = System.nanoTime();
    ScepTransportException e =
        failure(
            ScepHttpRequest.getCaCert(server.url("/scep"), null)
                .withTimeout(Duration.ofMillis(200)));
    assertEquals(ScepTransportException.Reason.TIMEOUT, e.reason());
    assertTrue(
        System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200),
        "fired before the timeout");
    server.next(); // the request did arrive; only the reply was missing
  }

  @Test
  void refusedConnectionIsAConnectError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    ScepTransportException e =
        failure(ScepHttpRequest.getCaCert(ScepUrl.of("127.0.0.1", closedPort, "/scep"), null));
    assertEquals(ScepTransportException.Reason.CONNECT_FAILED, e.reason());
    assertTrue(e.getMessage().contains("connect failed"), e.getMessage());
  }

  @Test
  void nonLoopbackDestinationIsRefusedWithoutASocket() {
    ScepTransportException e =
        failure(ScepHttpRequest.getCaCert(ScepUrl.parse("http://10.5.149.111/scep"), null));
    assertEquals(ScepTransportException.Reason.CONNECT_FAILED, e.reason());
    assertTrue(e.getMessage().contains("only loopback destinations"), e.getMessage());
  }

  @Test
  void completionRunsOnTheGivenExecutorNeverOnTheEventLoop() throws Exception {
    serve(r -> CannedHttpServer.reply(200, "application/x-x509-ca-cert", new byte[] {0x30}));
    CompletableFuture<String> okThread = new CompletableFuture<>();
    client.send(
        ScepHttpRequest.getCaCert(server.url("/scep"), null),
        debug,
        mailbox,
        r -> okThread.complete(Thread.currentThread().getName()),
        okThread::completeExceptionally);
    assertEquals(MAILBOX_THREAD, okThread.get(5, TimeUnit.SECONDS));

    CompletableFuture<String> errorThread = new CompletableFuture<>();
    client.send(
        ScepHttpRequest.getCaCert(ScepUrl.parse("http://10.0.0.1/scep"), null),
        debug,
        mailbox,
        r -> errorThread.complete("ok?"),
        e -> errorThread.complete(Thread.currentThread().getName()));
    assertEquals(MAILBOX_THREAD, errorThread.get(5, TimeUnit.SECONDS));
  }

  @Test
  void connectionIsBoundToTheEgressSourceAndTracedInFortiOsOrder() throws Exception {
    debug.application(DebugApplication.FORTICRON, 255);
    debug.application(DebugApplication.SCEP, -1);
    debug.enable();
    serve(r -> CannedHttpServer.reply(200, "application/x-x509-ca-cert", new byte[1188]));
    ok(
        ScepHttpRequest.getCaCert(server.url("/scep"), null)
            .withEgress(
                new Egress(
                    "lo",
                    3,
                    Ip4.parse("127.0.0.2"),
                    Ip4.parse("127.0.0.2"),
                    Ip4.ANY,
                    Ip4.parse("127.0.0.1"),
                    InterfaceSelectMethod.SPECIFY,
                    "test")));
    // scep_stop_connect is printed on the mailbox right after the callback: let the mailbox drain.
    mailbox.submit(() -> {}).get(5, TimeUnit.SECONDS);
    InetSocketAddress remote = server.next().remote();
    assertEquals(
        "127.0.0.2", remote.getAddress().getHostAddress(), "the CA sees the egress source");

    // The per-read lines and forticron's epoll frames are ScepExchangeEmbeddedTest's: drop them.
    List<String> lines = new ArrayList<>(sink.lines());
    lines.removeIf(l -> l.startsWith("scep_recv()-509:") || l.startsWith("fcron_epoll_"));
    int port = server.port();
    List<String> expected =
        List.of(
            "scep_start_connect()-682: ",
            "fcron_cert_bind_interface()-784: ",
            "fcron_cert_bind_interface()-790: bind to interface 3 for 127.0.0.2->127.0.0.1.",
            "scep_connect()-658: ",
            "scep_connect()-668: SCEP connection(127.0.0.1) started. socket: 25",
            "scep_rxtx()-593: state 0",
            "cert_buf_realloc()-124: new size 2048",
            "scep_rxtx()-640: new event EPOLLIN");
    assertEquals(expected, lines.subList(0, expected.size()), lines::toString);
    int header =
        lines.indexOf(
            "scep_check_payload_size()-311: received the header from server: 127.0.0.1:" + port);
    assertTrue(header > expected.size(), lines::toString);
    assertEquals("scep_rxtx()-593: state 1", lines.get(header - 1));
    assertEquals("[HTTP/1.1 200 OK", lines.get(header + 1));
    List<String> tail =
        List.of(
            "]",
            "find_content_length()-273: content-length 1188",
            "scep_recv()-519: data: pos=1188, sz=2048, content-length=1188",
            "scep_parse_header: server returned status code 200",
            "scep_parse_header: MIME header: application/x-x509-ca-cert",
            "scep_stop_connect()-152: ");
    assertEquals(tail, lines.subList(lines.size() - tail.size(), lines.size()), lines::toString);
  }
}
