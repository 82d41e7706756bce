package org.fwsim.firmware.scep.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fwsim.hal.testing.LoopbackHttpServer;

/**
 * A real Netty HTTP server on 127.0.0.1 (ephemeral port) that answers each request with whatever
 * the test's function returns (null: never answer), records what arrived, then closes.
 */
final class CannedHttpServer implements AutoCloseable {
  /** What the server saw, copied off the event loop. */
  record Received(
      String method, String uri, String contentType, byte[] body, InetSocketAddress remote) {}

  private final LoopbackHttpServer server;
  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

  CannedHttpServer(EventLoopGroup group, Function<Received, FullHttpResponse> answer)
      throws InterruptedException {
    server =
        new LoopbackHttpServer(
            group,
            (req, remote) -> {
              Received r =
                  new Received(
                      req.method().name(),
                      req.uri(),
                      req.headers().get("Content-Type"),
                      ByteBufUtil.getBytes(req.content()),
                      remote);
              received.add(r);
              return answer.apply(r);
            });
  }

  static FullHttpResponse reply(int status, String contentType, byte[] body) {
    return LoopbackHttpServer.response(status, contentType, body);
  }

  int port() {
    return server.port();
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
    server.close();
  }
}
