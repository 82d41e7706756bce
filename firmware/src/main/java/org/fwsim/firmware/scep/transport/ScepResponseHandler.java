package org.fwsim.firmware.scep.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.io.IOException;

/**
 * Checks a complete SCEP reply (decoding, status, content type) and hands it to the exchange; maps
 * every failure on the connection to a {@link ScepTransportException} with a clear reason.
 */
final class ScepResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
  private final ScepExchange exchange;
  private final int maxResponseBytes;

  ScepResponseHandler(ScepExchange exchange, int maxResponseBytes) {
    this.exchange = exchange;
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * The pipeline of one SCEP connection: wire trace, HTTP codec, an aggregator bounded by {@code
   * maxResponseBytes}, and this reply check last.
   */
  static ChannelInitializer<Channel> pipeline(ScepExchange exchange, int maxResponseBytes) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast("wire-trace", new ScepWireTraceHandler(exchange.trace()))
            .addLast("http", new HttpClientCodec())
            .addLast("aggregate", new HttpObjectAggregator(maxResponseBytes))
            .addLast("reply", new ScepResponseHandler(exchange, maxResponseBytes));
      }
    };
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    exchange.connected(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    if (response.decoderResult().isFailure()) {
      Throwable cause = response.decoderResult().cause();
      ScepTransportException.Reason reason = reasonFor(cause);
      exchange.fail(
          reason,
          (reason == ScepTransportException.Reason.CLOSED
                  ? "connection closed before the complete reply: "
                  : "malformed reply: ")
              + cause,
          0,
          cause);
      return;
    }
    ScepConnectionTrace trace = exchange.trace();
    int status = response.status().code();
    trace.replyComplete(response, response.content().readableBytes());
    if (status != 200) {
      exchange.fail(
          ScepTransportException.Reason.HTTP_STATUS,
          "server returned HTTP status " + response.status(),
          status,
          null);
      return;
    }
    String contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
    trace.mimeHeader(contentType);
    ScepOperation op = exchange.request().operation();
    if (!op.accepts(contentType)) {
      exchange.fail(
          ScepTransportException.Reason.CONTENT_TYPE,
          "unexpected Content-Type '"
              + contentType
              + "' for "
              + op.wireName()
              + " (expected "
              + op.expectedTypes()
              + ")",
          status,
          null);
      return;
    }
    byte[] body = ByteBufUtil.getBytes(response.content());
    exchange.succeed(new ScepHttpResponse(op, contentType, body, trace::stopConnect));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    exchange.fail(
        ScepTransportException.Reason.CLOSED,
        "connection closed by the server before a complete reply",
        0,
        null);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ScepTransportException.Reason reason = reasonFor(cause);
    String what;
    if (reason == ScepTransportException.Reason.TOO_LARGE) {
      what =
          "reply larger than the " + maxResponseBytes + "-byte limit (" + cause.getMessage() + ")";
    } else if (cause instanceof java.net.SocketException && cause.getMessage() != null) {
      // The underlay cut it (e.g. its interface went down): the message says why, for the trace.
      what = "connection closed: " + cause.getMessage();
    } else if (reason == ScepTransportException.Reason.CLOSED) {
      what = "connection closed before the complete reply (" + cause + ")";
    } else {
      what = "connection error: " + cause;
    }
    exchange.fail(reason, what, 0, cause);
    ctx.close();
  }

  private static ScepTransportException.Reason reasonFor(Throwable cause) {
    // Decoders wrap what they throw (DecoderException), so look down the cause chain.
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof TooLongFrameException) { // content, header or status line over its limit
        return ScepTransportException.Reason.TOO_LARGE;
      }
      if (t instanceof IOException || t instanceof PrematureChannelClosureException) {
        return ScepTransportException.Reason.CLOSED;
      }
    }
    return ScepTransportException.Reason.PROTOCOL;
  }
}
