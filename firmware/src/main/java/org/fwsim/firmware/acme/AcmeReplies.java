package org.fwsim.firmware.acme;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.fwsim.hal.net.FirstResponse;

/**
 * The last handler of a kept-alive ACME connection: each request's answer completes that request's
 * future, and the connection stays open for the next request unless the server said {@code
 * Connection: close}. One request at a time: the client sends the next only after the answer.
 */
final class AcmeReplies extends SimpleChannelInboundHandler<FullHttpResponse> {

  /** The server closed a connection before answering the request on it. */
  static final class ClosedUnanswered extends IOException {
    ClosedUnanswered() {
      super("the ACME server closed without an answer");
    }
  }

  private volatile CompletableFuture<AcmeResponse> pending;

  /** The handler of a channel whose pipeline {@link #lastOf} built. */
  static AcmeReplies of(Channel ch) {
    return ch.pipeline().get(AcmeReplies.class);
  }

  /** Builds the HTTPS client pipeline on {@code p}, this handler last. */
  void lastOf(ChannelPipeline p, SslHandler tls, Duration timeout, int maxResponseBytes) {
    FirstResponse.httpsClient(p, tls, timeout, maxResponseBytes).addLast("reply", this);
  }

  /** Writes {@code request} on {@code ch}; the future completes with its answer. */
  CompletableFuture<AcmeResponse> send(Channel ch, FullHttpRequest request) {
    CompletableFuture<AcmeResponse> answer = new CompletableFuture<>();
    pending = answer;
    ch.writeAndFlush(request)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail(new ClosedUnanswered());
              }
            });
    return answer;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    CompletableFuture<AcmeResponse> answer = pending;
    pending = null;
    boolean keepAlive = HttpUtil.isKeepAlive(response);
    if (answer != null) {
      answer.complete(AcmeHttpsClient.read(response));
    }
    if (!keepAlive) {
      ctx.close(); // after the answer is handed on: the open connection is the IO in flight
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A failed handshake arrives wrapped by the TLS decoder; the caller's trace wants the reason.
    fail(cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    fail(new ClosedUnanswered());
    super.channelInactive(ctx);
  }

  private void fail(Throwable cause) {
    CompletableFuture<AcmeResponse> answer = pending;
    pending = null;
    if (answer != null) {
      answer.completeExceptionally(cause);
    }
  }
}
