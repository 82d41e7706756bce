package org.fwsim.hal.testing;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.fwsim.hal.net.Transports;

/**
 * An HTTP/1.1 server on 127.0.0.1 (any free port) for tests that need a real socket: each request
 * is aggregated (up to 1 MiB), handed to a {@link Responder} on the event loop, and its answer is
 * written with {@code Connection: close}, after which the connection closes.
 */
public final class LoopbackHttpServer implements AutoCloseable {

  /** Answers one request on the event loop; {@code null} answers nothing and keeps it open. */
  @FunctionalInterface
  public interface Responder {
    /** The response to {@code request} from {@code remote}, or null for silence. */
    FullHttpResponse respond(FullHttpRequest request, InetSocketAddress remote);
  }

  private final Channel channel;

  /** Binds and starts serving on {@code group}. */
  public LoopbackHttpServer(EventLoopGroup group, Responder responder) throws InterruptedException {
    this.channel =
        Transports.nioServer(
                group,
                pipeline ->
                    pipeline.addLast(
                        // A GET PKIOperation carries the whole base64 message in its
                        // request line: a renewal signed by a real certificate passes 4 KiB.
                        new HttpServerCodec(
                            new HttpDecoderConfig().setMaxInitialLineLength(64 * 1024)),
                        new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                          @Override
                          protected void channelRead0(
                              ChannelHandlerContext ctx, FullHttpRequest req) {
                            FullHttpResponse r =
                                responder.respond(
                                    req, (InetSocketAddress) ctx.channel().remoteAddress());
                            if (r == null) {
                              return;
                            }
                            if (!r.headers().contains("Connection")) {
                              r.headers().set("Connection", "close");
                            }
                            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                          }
                        }))
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  /** A complete response: status, {@code Content-Type} (unless null), length and body. */
  public static FullHttpResponse response(int status, String contentType, byte[] body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    if (contentType != null) {
      r.headers().set("Content-Type", contentType);
    }
    r.headers().setInt("Content-Length", body.length);
    return r;
  }

  /** The port the server listens on. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Stops listening. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
