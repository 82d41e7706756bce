package org.fwsim.testbench.ca;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the CA's open connections, in all and per source address, so that idle or hostile clients
 * cannot take every file descriptor (a CA that runs out of them cannot even load a class). A
 * connection over the cap per source gets HTTP 503 with {@code Retry-After} and is closed. At the
 * cap in all, a newcomer takes the place of the connection that has been silent longest (no whole
 * request header since it opened), which gets HTTP 408, so that clients that speak are served while
 * thousands of idle ones are open; only when none is silent does the newcomer get 503. One instance
 * is shared by every connection of a CA.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

  /** Seconds a refused client is told to wait. */
  static final int RETRY_AFTER_SECONDS = 1;

  private static final AttributeKey<InetAddress> COUNTED =
      AttributeKey.valueOf(ConnectionGuard.class, "counted");

  /** Set while a connection has not yet delivered a request header. */
  private static final AttributeKey<Boolean> SILENT =
      AttributeKey.valueOf(ConnectionGuard.class, "silent");

  private final int maxConnections;
  private final int maxPerSource;
  private final RequestRecorder recorder;
  private final AtomicInteger open = new AtomicInteger();
  private final java.util.concurrent.atomic.LongAdder accepted =
      new java.util.concurrent.atomic.LongAdder();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> bySource = new ConcurrentHashMap<>();

  /**
   * Admitted connections, oldest first, that may still be silent: one that spoke or closed is
   * dropped lazily when met, or by a sweep once the queue outgrows twice the open connections.
   */
  private final ConcurrentLinkedQueue<Channel> maybeSilent = new ConcurrentLinkedQueue<>();

  private final AtomicInteger queued = new AtomicInteger();

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
      accepted.increment();
      ctx.channel().attr(COUNTED).set(source);
      ctx.channel().attr(SILENT).set(Boolean.TRUE);
      maybeSilent.offer(ctx.channel());
      queued.incrementAndGet();
      sweepIfCrowded();
      super.channelActive(ctx);
      return;
    }
    recorder.refused(ctx.channel().remoteAddress(), "-", "other", "HTTP 503", refusal);
    closeWith(ctx.channel(), HttpResponseStatus.SERVICE_UNAVAILABLE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      ctx.channel().attr(SILENT).set(null);
    }
    super.channelRead(ctx, msg);
  }

  /** Answers {@code status} with {@code Connection: close} and closes. */
  private static void closeWith(Channel ch, HttpResponseStatus status) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
    if (status == HttpResponseStatus.SERVICE_UNAVAILABLE) {
      resp.headers().setInt(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    resp.headers()
        .setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ch.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Closes the connection silent longest to make room, and says whether there was one. Its count is
   * released when it has closed, so the total may pass the cap by the evictions in flight.
   */
  private boolean evictLongestSilent() {
    for (Channel c = maybeSilent.poll(); c != null; c = maybeSilent.poll()) {
      queued.decrementAndGet();
      if (c.isActive() && c.attr(SILENT).getAndSet(null) != null) {
        recorder.refused(
            c.remoteAddress(),
            "-",
            "other",
            "HTTP 408",
            "silent longest at the cap of " + maxConnections + " open connections");
        closeWith(c, HttpResponseStatus.REQUEST_TIMEOUT);
        return true;
      }
    }
    return false;
  }

  /**
   * Drops spoken and closed connections from the queue once it holds more than twice those open, so
   * closed channels are not kept alive; each sweep halves the queue at least, so its cost is
   * amortized over the connections it drops.
   */
  private void sweepIfCrowded() {
    if (queued.get() <= 2 * open.get() + 64) {
      return;
    }
    maybeSilent.removeIf(c -> !c.isActive() || !c.hasAttr(SILENT) || c.attr(SILENT).get() == null);
    queued.set(maybeSilent.size());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().hasAttr(COUNTED)) {
      release(ctx.channel().attr(COUNTED).getAndSet(null));
      sweepIfCrowded();
    }
    super.channelInactive(ctx);
  }

  /** Counts a new connection and returns null, or says which cap it is over. */
  private String admit(InetAddress source) {
    open.incrementAndGet();
    if (source != null) {
      AtomicInteger n = bySource.computeIfAbsent(source, s -> new AtomicInteger());
      if (n.incrementAndGet() > maxPerSource) {
        release(source);
        return "over the cap of " + maxPerSource + " open connections from one address";
      }
    }
    if (open.get() > maxConnections && !evictLongestSilent()) {
      release(source);
      return "over the cap of " + maxConnections + " open connections";
    }
    return null;
  }

  private void release(InetAddress source) {
    open.decrementAndGet();
    if (source != null) {
      bySource.computeIfPresent(source, (s, n) -> n.decrementAndGet() == 0 ? null : n);
    }
  }

  /** Connections the guard still tracks as maybe silent (for tests). */
  int tracked() {
    return queued.get();
  }

  /** Connections admitted since the CA started. */
  long accepted() {
    return accepted.sum();
  }

  /** Connections open now (for tests and metrics). */
  int open() {
    return open.get();
  }
}
