package org.fwsim.testbench.ca;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The ACME server's HTTP face on the CA's TLS listener: takes the requests under {@code /acme/}
 * (others go on to the next handler, EST's), runs them on the CA's workers (they verify signatures
 * and sign certificates) and writes the answer, with a 503 and {@code Retry-After} when the
 * workers' queue is full. A connection stays open for the client's next request when it asks for
 * keep-alive (HTTP/1.1's default), as ACME servers do; requests are answered one at a time, so a
 * request that arrives before the previous one was answered (pipelining) is dropped and the
 * connection closes after that answer.
 */
final class AcmeHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final AcmeAuthority authority;
  private final CaHttpHandler.Shared shared;

  /** Whether a request of this connection is being answered; on the event loop only. */
  private boolean busy;

  /** Whether the connection closes after the answer being prepared; on the event loop only. */
  private boolean closeAfter;

  AcmeHttpHandler(AcmeAuthority authority, CaHttpHandler.Shared shared) {
    super(false); // a request for EST goes on unreleased
    this.authority = authority;
    this.shared = shared;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    String path = new QueryStringDecoder(req.uri()).rawPath();
    if (!AcmeAuthority.serves(path)) {
      ctx.fireChannelRead(req);
      return;
    }
    if (busy) {
      req.release();
      closeAfter = true;
      return;
    }
    busy = true;
    closeAfter = !HttpUtil.isKeepAlive(req);
    AcmeAuthority.Call call;
    try {
      call =
          new AcmeAuthority.Call(
              req.method().name(),
              path,
              req.headers().get(HttpHeaderNames.HOST),
              req.headers().get(HttpHeaderNames.CONTENT_TYPE),
              ByteBufUtil.getBytes(req.content()));
    } finally {
      req.release();
    }
    boolean queued =
        shared
            .workers()
            .tryExecute(
                () -> {
                  try {
                    authority
                        .answer(call)
                        .whenComplete(
                            (reply, error) ->
                                ctx.executor()
                                    .execute(
                                        () ->
                                            write(
                                                ctx,
                                                call.method(),
                                                reply != null ? reply : internal(error))));
                  } catch (RuntimeException e) {
                    // The client gets a problem document, never a stack trace; the worker lives on.
                    ctx.executor().execute(() -> write(ctx, call.method(), internal(e)));
                  }
                });
    if (!queued) {
      write(
          ctx,
          call.method(),
          AcmeReply.problem(
                  "other",
                  new AcmeProblem(
                      org.fwsim.firmware.acme.AcmeError.RATE_LIMITED,
                      503,
                      "CA busy: work queue full, retry later"))
              .with("Retry-After", EstHttpHandler.BUSY_RETRY_AFTER_SECONDS));
    }
  }

  private static AcmeReply internal(Throwable e) {
    return AcmeReply.problem(
        "other",
        new AcmeProblem(
            org.fwsim.firmware.acme.AcmeError.SERVER_INTERNAL,
            500,
            "cannot answer: " + e.getClass().getSimpleName()));
  }

  private void write(ChannelHandlerContext ctx, String method, AcmeReply r) {
    shared.recorder().answered(ctx.channel().remoteAddress(), method, "ACME", null, r.forLog());
    boolean keepAlive = !closeAfter;
    busy = false;
    boolean head = method.equals("HEAD");
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
    FacHeaders.apply(
        resp.headers(),
        shared.clock(),
        head ? 0 : r.body().length,
        r.contentType(),
        keepAlive,
        null,
        null);
    r.headers().forEach(resp.headers()::set);
    if (keepAlive) {
      CaPipeline.answer(ctx, resp);
    } else {
      CaPipeline.answerAndClose(ctx, resp);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.fireExceptionCaught(cause); // EST's handler closes the connection
  }
}
