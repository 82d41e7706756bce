package org.fwsim.testbench.report;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers {@code GET /metrics} with a scrape of the registry in the Prometheus text format 0.0.4;
 * 404 for other paths, 405 for other methods.
 */
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final String PATH = "/metrics";

  /**
   * The Prometheus text exposition format; the registry picks its writer by this content type (the
   * same string as the client library's PrometheusTextFormatWriter, which is only on the runtime
   * class path).
   */
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsHttpHandler(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    if (!request.decoderResult().isSuccess()) {
      response = text(request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n");
    } else if (!new QueryStringDecoder(request.uri()).path().equals(PATH)) {
      response = text(request, HttpResponseStatus.NOT_FOUND, "only " + PATH + " is served here\n");
    } else if (!HttpMethod.GET.equals(request.method())) {
      response = text(request, HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
      response.headers().set(HttpHeaderNames.ALLOW, "GET");
    } else {
      // A scrape of our bounded-cardinality meters takes well under a millisecond; it runs on the
      // endpoint's own loop, never on an appliance's.
      ByteBuf body = Unpooled.copiedBuffer(registry.scrape(TEXT_FORMAT), StandardCharsets.UTF_8);
      response =
          new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_FORMAT);
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse text(
      FullHttpRequest request, HttpResponseStatus status, String body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            request.protocolVersion() == null ? HttpVersion.HTTP_1_1 : request.protocolVersion(),
            status,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a broken scrape connection is the scraper's business; nothing to keep
  }
}
