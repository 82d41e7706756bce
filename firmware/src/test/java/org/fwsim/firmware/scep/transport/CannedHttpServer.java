package org.fwsim.firmware.scep.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real Netty HTTP server on 127.0.0.1 (ephemeral port) that answers each request with whatever
 * the test's function returns (null: never answer), records what arrived, then closes.
 */
final class CannedHttpServer implements AutoCloseable {
  /** What the server saw, copied off the event loop. */
  record Received(
      String method, String uri, String contentType, byte[] body, InetSocketAddress remote) {}

  private final Channel server;
  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

  CannedHttpServer(EventLoopGroup group, Function<Received, FullHttpResponse> answer)
      throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(1 << 20),
                            new SimpleChannelInboundHandler<FullHttpRequest>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, FullHttpRequest req) {
                                Received r =
                                    new Received(
                                        req.method().name(),
                                        req.uri(),
                                        req.headers().get("Content-Type"),
                                        ByteBufUtil.getBytes(req.content()),
                                        (InetSocketAddress) ctx.channel().remoteAddress());
                                received.add(r);
                                FullHttpResponse response = answer.apply(r);
                                if (response != null) {
                                  response.headers().set("Connection", "close");
                                  ctx.writeAndFlush(response)
                                      .addListener(ChannelFutureListener.CLOSE);
                                }
                              }
                            });
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  static FullHttpResponse reply(int status, String contentType, byte[] body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    if (contentType != null) {
      r.headers().set("Content-Type", contentType);
    }
    r.headers().setInt("Content-Length", body.length);
    return r;
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  ScepUrl url(String path) {
    return ScepUrl.of("127.0.0.1", port(), path);
  }

  /** The next request the server got, waiting a bounded time. */
  Received next() throws InterruptedException {
    Received r = received.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the server received no request within 5 s");
    }
    return r;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
  }
}
