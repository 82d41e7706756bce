package org.fwsim.firmware.egress;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.hal.net.Ip4;

/**
 * The wire side of one health-check probe: the handler installed on its connection. For {@code
 * tcp-connect} and {@code ping} the connect itself is the answer, so the handler does nothing; for
 * {@code http} it sends {@code GET <http-get>} and reads the status.
 *
 * <p>Runs on an event loop; reports once through {@code done} (which posts to the appliance's
 * mailbox) and closes the channel <em>after</em> reporting, so the IO token is released only once
 * the follow-up message is queued.
 */
final class HealthProbe {

  /** Bodies of health-check replies are not read; a cap keeps a big page from costing memory. */
  private static final int MAX_REPLY_BYTES = 64 * 1024;

  /**
   * A real-time guard so that a server that accepts and never answers cannot hold the simulation's
   * IO open forever (fast-forward waits for quiet). The virtual probe-timeout decides the probe's
   * outcome; this only ends the socket.
   */
  private static final int READ_GUARD_SECONDS = 10;

  private HealthProbe() {}

  /** The handler for a probe of {@code check}; {@code done} receives true for success. */
  static ChannelHandler handler(SdwanHealthCheck check, Consumer<Boolean> done) {
    if (check.protocol() != SdwanHealthCheck.Protocol.HTTP) {
      return new ChannelInboundHandlerAdapter();
    }
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast(
                new ReadTimeoutHandler(READ_GUARD_SECONDS, TimeUnit.SECONDS),
                new HttpClientCodec(),
                new HttpObjectAggregator(MAX_REPLY_BYTES),
                new HttpGet(check, done));
      }
    };
  }

  /** Sends one GET on activation and reports the status class of the reply. */
  private static final class HttpGet extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final SdwanHealthCheck check;
    private final Consumer<Boolean> done;
    private final AtomicBoolean reported = new AtomicBoolean();

    HttpGet(SdwanHealthCheck check, Consumer<Boolean> done) {
      this.check = check;
      this.done = done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      FullHttpRequest get =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.GET, check.httpGet(), Unpooled.EMPTY_BUFFER);
      get.headers()
          .set(HttpHeaderNames.HOST, Ip4.toString(check.server()))
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
          .set(HttpHeaderNames.USER_AGENT, "FortiGate SD-WAN health-check");
      ctx.writeAndFlush(get);
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse reply) {
      int code = reply.status().code();
      report(ctx, code >= 200 && code < 400);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      report(ctx, false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      report(ctx, false);
      ctx.fireChannelInactive();
    }

    private void report(ChannelHandlerContext ctx, boolean ok) {
      if (reported.compareAndSet(false, true)) {
        done.accept(ok);
        ctx.close();
      }
    }
  }
}
