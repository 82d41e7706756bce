package org.fwsim.hal.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The last handler of a one-request HTTP(S) client: completes its future with the first whole
 * response, read by {@code read}, or with what ended the connection without one; then closes.
 *
 * @param <T> what the client makes of a response
 */
public final class FirstResponse<T> extends SimpleChannelInboundHandler<FullHttpResponse> {
  private final CompletableFuture<T> answer;
  private final Function<FullHttpResponse, T> read;
  private final String peer;

  /**
   * @param peer who was asked, for the failure when the connection closes first (e.g. "the ACME
   *     server")
   */
  public FirstResponse(
      CompletableFuture<T> answer, Function<FullHttpResponse, T> read, String peer) {
    this.answer = answer;
    this.read = read;
    this.peer = peer;
  }

  /**
   * Builds a one-request HTTPS client's pipeline on {@code p}: {@code tls} (an {@code SslHandler},
   * or another TLS edge such as TLS-SRP's), a read timeout, the HTTP codec, an aggregator of
   * responses up to {@code maxResponseBytes}, then this handler.
   */
  public void lastOf(
      ChannelPipeline p, ChannelHandler tls, Duration timeout, int maxResponseBytes) {
    httpsClient(p, tls, timeout, maxResponseBytes).addLast("reply", this);
  }

  /**
   * Builds an HTTPS client's pipeline on {@code p} up to its last handler, which the caller adds:
   * {@code tls}, a read timeout, the HTTP codec, an aggregator of responses up to {@code
   * maxResponseBytes}.
   */
  public static ChannelPipeline httpsClient(
      ChannelPipeline p, ChannelHandler tls, Duration timeout, int maxResponseBytes) {
    return p.addLast("tls", tls)
        .addLast("timeout", new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .addLast("http", new HttpClientCodec())
        .addLast("aggregate", new HttpObjectAggregator(maxResponseBytes));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    answer.complete(read.apply(response));
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A failed handshake arrives wrapped by the TLS decoder; the caller's trace wants the reason.
    answer.completeExceptionally(
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    answer.completeExceptionally(new IOException(peer + " closed without an answer"));
    super.channelInactive(ctx);
  }
}
