package org.fwsim.testbench.report;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.net.Transports;

/**
 * Serves a Prometheus registry at {@code GET /metrics} in the text format, over Netty, on the
 * loopback interface only. Its own single event loop: scrapes never compete with the appliances' IO
 * loops, and closing the endpoint stops everything it started.
 */
public final class PrometheusEndpoint implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel server;

  private PrometheusEndpoint(EventLoopGroup group, Channel server) {
    this.group = group;
    this.server = server;
  }

  /** {@code --prometheus PORT}: serves on 127.0.0.1 at that port (0 picks a free one). */
  public static PrometheusEndpoint start(int port, PrometheusMeterRegistry registry) {
    return start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), requirePort(port)), registry);
  }

  /** {@code port} when it can be a {@code --prometheus} port, else a clear error. */
  public static int requirePort(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--prometheus port must be 0..65535, got " + port);
    }
    return port;
  }

  /** Serves on the given address, which must be a loopback address (127.0.0.0/8 or ::1). */
  public static PrometheusEndpoint start(
      InetSocketAddress address, PrometheusMeterRegistry registry) {
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the Prometheus endpoint listens on loopback only, not " + address);
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel server =
          Transports.nioServer(
                  group,
                  pipeline ->
                      pipeline.addLast(
                          new HttpServerCodec(),
                          new HttpObjectAggregator(8 * 1024),
                          new MetricsHttpHandler(registry)))
              .bind(address)
              .syncUninterruptibly()
              .channel();
      return new PrometheusEndpoint(group, server);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "cannot serve Prometheus metrics on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The address actually bound (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** {@code http://127.0.0.1:PORT/metrics} */
  public String url() {
    InetSocketAddress a = address();
    return "http://"
        + a.getAddress().getHostAddress()
        + ":"
        + a.getPort()
        + MetricsHttpHandler.PATH;
  }

  /** Closes the listening socket, then stops the event loop and waits for it. */
  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
