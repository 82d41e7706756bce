package org.fwsim.testbench.mgmt.https;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.fwsim.firmware.rest.RestApi;
import org.fwsim.firmware.rest.RestRequest;
import org.fwsim.firmware.rest.RestResponse;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;

/**
 * HTTP to the appliance's REST API and back: the request becomes a {@link RestRequest} (the
 * client's address as the simulated source), runs on the appliance's mailbox, and its answer is
 * written when it comes. A request that fails inside gets a bare 500, never a stack trace.
 */
final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String[] CREDENTIAL_HEADERS = {"authorization", "cookie", "x-csrftoken"};

  private final Appliance appliance;
  private final RestApi api;

  RestHandler(Appliance appliance, RestApi api) {
    this.appliance = appliance;
    this.api = api;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
    Map<String, String> headers = new HashMap<>();
    for (String h : CREDENTIAL_HEADERS) {
      String v = msg.headers().get(h);
      if (v != null) {
        headers.put(h, v);
      }
    }
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    RestRequest req =
        new RestRequest(
            msg.method().name().toUpperCase(Locale.ROOT),
            uri.path(),
            uri.parameters(),
            msg.content().toString(StandardCharsets.UTF_8),
            Ip4.fromInetAddress(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress()),
            headers);
    appliance
        .call(() -> api.handle(req))
        .whenComplete(
            (r, err) -> {
              RestResponse answer =
                  err == null
                      ? r
                      : new RestResponse(
                          500,
                          "application/json",
                          "{\"http_status\":500,\"status\":\"error\"}",
                          java.util.List.of());
              write(ctx, answer, keepAlive);
            });
  }

  private static void write(ChannelHandlerContext ctx, RestResponse r, boolean keepAlive) {
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()),
            Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType() + "; charset=utf-8");
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    for (String c : r.setCookies()) {
      res.headers().add(HttpHeaderNames.SET_COOKIE, c);
    }
    if (!keepAlive) {
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    } else {
      res.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
      ctx.writeAndFlush(res);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a TLS or protocol error from the client: drop the connection quietly
  }
}
