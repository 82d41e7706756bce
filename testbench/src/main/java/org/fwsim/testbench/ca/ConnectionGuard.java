package org.fwsim.testbench.ca;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the CA's open connections, in all and per source address, so that idle or hostile clients
 * cannot take every file descriptor (a CA that runs out of them cannot even load a class). A
 * connection over a cap gets HTTP 503 with {@code Retry-After} and is closed; the others are
 * counted until they close. One instance is shared by every connection of a CA.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

  /** Seconds a refused client is told to wait. */
  static final int RETRY_AFTER_SECONDS = 1;

  private static final AttributeKey<InetAddress> COUNTED =
      AttributeKey.valueOf(ConnectionGuard.class, "counted");

  private final int maxConnections;
  private final int maxPerSource;
  private final RequestRecorder recorder;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> bySource = new ConcurrentHashMap<>();

  ConnectionGuard(int maxConnections, int maxPerSource, RequestRecorder recorder) {
    this.maxConnections = maxConnections;
    this.maxPerSource = maxPerSource;
    this.recorder = recorder;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress source =
        ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    String refusal = admit(source);
    if (refusal == null) {
      ctx.channel().attr(COUNTED).set(source);
      super.channelActive(ctx);
      return;
    }
    recorder.refused(ctx.channel().remoteAddress(), "-", "other", "HTTP 503", refusal);
    FullHttpResponse resp =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE);
    resp.headers()
        .setInt(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().hasAttr(COUNTED)) {
      release(ctx.channel().attr(COUNTED).getAndSet(null));
    }
    super.channelInactive(ctx);
  }

  /** Counts a new connection and returns null, or says which cap it is over. */
  private String admit(InetAddress source) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return "over the cap of " + maxConnections + " open connections";
    }
    if (source != null) {
      AtomicInteger n = bySource.computeIfAbsent(source, s -> new AtomicInteger());
      if (n.incrementAndGet() > maxPerSource) {
        release(source);
        return "over the cap of " + maxPerSource + " open connections from one address";
      }
    }
    return null;
  }

  private void release(InetAddress source) {
    open.decrementAndGet();
    if (source != null) {
      bySource.computeIfPresent(source, (s, n) -> n.decrementAndGet() == 0 ? null : n);
    }
  }

  /** Connections open now (for tests and metrics). */
  int open() {
    return open.get();
  }
}
