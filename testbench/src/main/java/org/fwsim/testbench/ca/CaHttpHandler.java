package org.fwsim.testbench.ca;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The CA's HTTP face: reads SCEP operations from any path, answers GetCACaps and GetCACert from
 * prepared bytes on the event loop, and hands PKIOperation to the worker pool (HTTP 503 at once
 * when its queue is full). One handler per connection; requests on a kept-alive connection are
 * answered strictly in order.
 */
final class CaHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final String PKI_OPERATION = "PKIOperation";
  static final int GARBAGE_BYTES = 25;

  /** What every connection shares: prepared answers, the workers and the recorders. */
  record Shared(
      byte[] caps,
      byte[] caCert,
      String caCertType,
      PkiOperations pki,
      CaWorkers workers,
      RequestRecorder recorder,
      Supplier<CaFaults> faults,
      boolean closeAfterResponse,
      ConnectionGuard guard,
      Duration requestTimeout,
      InstantSource clock,
      DoubleSupplier faultDraws) {

    /**
     * Runs {@code work} on a CA worker, timed, and hands its answer to {@code then} on {@code loop}
     * (the connection's event loop); false at once when the work queue is full.
     */
    boolean answerOnWorker(Supplier<PkiAnswer> work, Executor loop, Consumer<PkiAnswer> then) {
      return workers.tryExecute(
          () -> {
            long t0 = System.nanoTime();
            PkiAnswer a;
            try {
              a = work.get();
            } catch (RuntimeException | StackOverflowError e) {
              // Whatever went wrong, the client gets an answer and the worker lives on.
              a = PkiAnswer.httpError(500, "cannot answer: " + e, "unknown", null);
            }
            recorder.processing(a.messageType(), Duration.ofNanos(System.nanoTime() - t0));
            PkiAnswer answer = a;
            loop.execute(() -> then.accept(answer));
          });
    }
  }

  /** The aggregator with the size cap; an oversized request gets logged before Netty's 413. */
  static final class CappedAggregator extends HttpObjectAggregator {
    private final RequestRecorder recorder;

    CappedAggregator(int maxBytes, RequestRecorder recorder) {
      super(maxBytes);
      this.recorder = recorder;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
        throws Exception {
      if (oversized instanceof HttpRequest r) {
        recorder.refused(
            ctx.channel().remoteAddress(),
            r.method().name(),
            operationOf(r.uri()),
            "HTTP 413",
            "request body over the " + maxContentLength() + "-byte cap");
      }
      super.handleOversizedMessage(ctx, oversized);
    }
  }

  private final Shared shared;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;

  /** Closes a connection that has not completed a request in time: idle, or sending slowly. */
  private ScheduledFuture<?> deadline;

  CaHttpHandler(Shared shared) {
    super(false);
    this.shared = shared;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (shared.faults().get().down()) {
      // "CA down": the connection is accepted by the kernel but dropped at once.
      ctx.close();
      return;
    }
    awaitRequest(ctx);
    super.channelActive(ctx);
  }

  /** Arms the deadline by which the next whole request must have arrived. */
  private void awaitRequest(ChannelHandlerContext ctx) {
    long nanos = shared.requestTimeout().toNanos();
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  if (!busy) {
                    shared
                        .recorder()
                        .refused(
                            ctx.channel().remoteAddress(),
                            "-",
                            "other",
                            "HTTP 408",
                            "no whole request within "
                                + shared.requestTimeout().toSeconds()
                                + " s");
                    FullHttpResponse timeout =
                        new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT);
                    FacHeaders.apply(timeout.headers(), shared.clock(), 0, null, false, null, null);
                    ctx.writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
                  }
                },
                nanos,
                TimeUnit.NANOSECONDS);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    cancelDeadline();
    if (busy) {
      if (waiting.size() >= 16) {
        req.release();
        ctx.close();
        return;
      }
      waiting.add(req);
      return;
    }
    busy = true;
    try {
      handle(ctx, req);
    } finally {
      req.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelDeadline();
    FullHttpRequest r;
    while ((r = waiting.poll()) != null) {
      r.release();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or a protocol error on one connection concerns that connection only.
    ctx.close();
  }

  /** One request's answering context: where, with which faults, and how to close. */
  private record Exchange(
      ChannelHandlerContext ctx, CaFaults faults, boolean keepAlive, String method) {}

  private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
    CaFaults faults = shared.faults().get();
    String method = req.method().name();
    boolean keepAlive = HttpUtil.isKeepAlive(req) && !shared.closeAfterResponse();
    if (faults.down()) {
      ctx.close();
      return;
    }
    Exchange x = new Exchange(ctx, faults, keepAlive, method);
    if (!req.decoderResult().isSuccess()) {
      answer(x, "other", error(400, "malformed HTTP request: " + req.decoderResult().cause()));
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(req.uri());
    try {
      query.parameters();
    } catch (IllegalArgumentException e) {
      answer(x, "other", error(400, "malformed query string: " + e.getMessage()));
      return;
    }
    String operation = first(query.parameters(), "operation");
    String opLabel = operationLabel(operation, req.method());
    if (CaFaults.hits(faults.http500Fraction(), shared.faultDraws().getAsDouble())) {
      answer(x, opLabel, error(500, "internal server error (injected fault)"));
    } else if (req.method().equals(HttpMethod.GET)) {
      get(x, query, operation, opLabel);
    } else if (req.method().equals(HttpMethod.POST)) {
      // With POST only PKIOperation is possible, so a missing operation= means it (RFC 8894 §4.3).
      if (operation != null && !PKI_OPERATION.equals(operation)) {
        answer(x, opLabel, error(400, "POST carries only PKIOperation, not " + operation));
      } else if (req.content().readableBytes() == 0) {
        answer(x, opLabel, error(400, "PKIOperation over POST needs a pkiMessage body"));
      } else {
        dispatch(x, ByteBufUtil.getBytes(req.content()));
      }
    } else {
      answer(x, opLabel, error(405, "SCEP uses GET and POST, not " + method));
    }
  }

  private void get(Exchange x, QueryStringDecoder query, String operation, String opLabel) {
    if (operation == null && isHomePage(query.path())) {
      // What a browser or an SD-WAN http health check (http-get "/") gets from a
      // FortiAuthenticator: its web page, 200.
      answer(x, opLabel, ok(HOME_PAGE, "text/html; charset=utf-8"));
    } else if ("GetCACaps".equals(operation)) {
      answer(x, opLabel, ok(shared.caps(), "text/plain"));
    } else if ("GetCACert".equals(operation)) {
      answer(x, opLabel, ok(shared.caCert(), shared.caCertType()));
    } else if (PKI_OPERATION.equals(operation)) {
      byte[] message = decodeGetMessage(first(query.parameters(), "message"));
      if (message == null) {
        answer(
            x,
            opLabel,
            error(400, "PKIOperation over GET needs message= with a base64 pkiMessage"));
      } else {
        dispatch(x, message);
      }
    } else {
      answer(
          x,
          opLabel,
          error(
              400,
              operation == null
                  ? "missing operation="
                  : "unknown operation: " + LogText.bounded(operation, 64)));
    }
  }

  private void answer(Exchange x, String operation, PkiAnswer a) {
    reply(x, operation, null, a);
  }

  private static PkiAnswer ok(byte[] body, String contentType) {
    return new PkiAnswer(200, body, contentType, null, null, "OK", null);
  }

  private static PkiAnswer error(int status, String text) {
    return PkiAnswer.httpError(status, text, null, null);
  }

  private void dispatch(Exchange x, byte[] message) {
    if (CaFaults.hits(x.faults().garbageFraction(), shared.faultDraws().getAsDouble())) {
      byte[] junk = new byte[GARBAGE_BYTES];
      ThreadLocalRandom.current().nextBytes(junk);
      answerPki(
          x,
          null,
          new PkiAnswer(
              200,
              junk,
              PkiAnswer.PKI_MESSAGE,
              "unknown",
              null,
              "GARBAGE",
              "injected fault: garbage body"));
      return;
    }
    boolean queued =
        shared.answerOnWorker(
            () -> shared.pki().answer(message, x.faults()),
            x.ctx().executor(),
            answer -> answerPki(x, answer.messageType(), answer));
    if (!queued) {
      // Busy is answered at once: no injected delay for a request the CA never took.
      answerPki(
          new Exchange(x.ctx(), CaFaults.NONE, x.keepAlive(), x.method()),
          null,
          PkiAnswer.httpError(503, "CA busy: work queue full, retry later", null, null));
    }
  }

  private void answerPki(Exchange x, String messageType, PkiAnswer a) {
    reply(x, PKI_OPERATION, messageType, a);
  }

  /** Writes the answer, after the fault delay if any; always on the channel's event loop. */
  private void reply(Exchange x, String operation, String messageType, PkiAnswer a) {
    ChannelHandlerContext ctx = x.ctx();
    long delay = x.faults().delayMillis();
    if (delay > 0) {
      ctx.executor()
          .schedule(
              () -> write(ctx, x.keepAlive(), x.method(), operation, messageType, a),
              delay,
              TimeUnit.MILLISECONDS);
    } else {
      write(ctx, x.keepAlive(), x.method(), operation, messageType, a);
    }
  }

  private void write(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      String method,
      String operation,
      String messageType,
      PkiAnswer a) {
    shared.recorder().answered(ctx.channel().remoteAddress(), method, operation, messageType, a);
    FullHttpResponse resp = a.toHttp(shared.clock(), keepAlive);
    if (!ctx.channel().isActive()) {
      resp.release();
      return;
    }
    if (!keepAlive) {
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(resp)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                ctx.close();
                return;
              }
              busy = false;
              FullHttpRequest next = waiting.poll();
              if (next != null) {
                busy = true;
                try {
                  handle(ctx, next);
                } finally {
                  next.release();
                }
              } else {
                awaitRequest(ctx);
              }
            });
  }

  /** The web server's own page, which SCEP clients never ask for. */
  static final byte[] HOME_PAGE =
      ascii(
          "<!DOCTYPE html>\n<html><head><title>FortiAuthenticator</title></head>\n"
              + "<body><p>fwsim embedded CA: SCEP at /app/cert/scep/ (any path).</p></body>"
              + "</html>\n");

  private static boolean isHomePage(String path) {
    return path.isEmpty() || path.equals("/") || path.equals("/index.html");
  }

  /**
   * The base64 of a GET PKIOperation. Query decoding already undid the URL escaping; a '+' a client
   * forgot to escape arrives as a space, and line breaks some clients insert are dropped.
   */
  static byte[] decodeGetMessage(String message) {
    if (message == null || message.isEmpty()) {
      return null;
    }
    String b64 = message.replace(' ', '+').replace("\r", "").replace("\n", "");
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      return der.length == 0 ? null : der;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String operationOf(String uri) {
    try {
      return operationLabel(first(new QueryStringDecoder(uri).parameters(), "operation"), null);
    } catch (IllegalArgumentException e) {
      return "other";
    }
  }

  private static String operationLabel(String operation, HttpMethod method) {
    if (operation == null) {
      return HttpMethod.POST.equals(method) ? PKI_OPERATION : "other";
    }
    return switch (operation) {
      case "GetCACaps", "GetCACert", PKI_OPERATION -> operation;
      default -> "other";
    };
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
