package org.fwsim.firmware.scep.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.fwsim.hal.net.Ip4;

/**
 * A {@link ScepConnector} for the host (tests, and the key store's CA lookup), without address
 * mapping: connects straight to the request URL's loopback address (127.0.0.0/8), bound to the
 * egress source when the request has one (a loopback address too). Anything else is refused, so no
 * socket ever leaves the machine.
 */
public final class LoopbackScepConnector implements ScepConnector {
  private final Bootstrap template;

  /**
   * @param group the event loops
   * @param channelClass e.g. {@code NioSocketChannel.class}
   * @param connectTimeout TCP connect timeout
   */
  public LoopbackScepConnector(
      EventLoopGroup group, Class<? extends Channel> channelClass, Duration connectTimeout) {
    this.template =
        new Bootstrap()
            .group(group)
            .channel(channelClass)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
  }

  @Override
  public Future<Channel> open(ScepHttpRequest request, ChannelHandler handler) {
    int destination = Ip4.parse(request.url().host());
    if (!Ip4.isLoopback(destination)) {
      throw new IllegalArgumentException(
          "refusing to connect to "
              + request.url().host()
              + ": only loopback destinations are allowed without an underlay mapping");
    }
    int source = request.egress() == null ? Ip4.ANY : request.egress().sourceAddress();
    if (source != Ip4.ANY && !Ip4.isLoopback(source)) {
      throw new IllegalArgumentException(
          "refusing to bind to "
              + Ip4.toString(source)
              + ": only loopback sources are allowed without an underlay mapping");
    }
    Bootstrap b = template.clone().handler(handler);
    InetSocketAddress remote =
        new InetSocketAddress(Ip4.toInetAddress(destination), request.url().port());
    ChannelFuture connect =
        source == Ip4.ANY
            ? b.connect(remote)
            : b.connect(remote, new InetSocketAddress(Ip4.toInetAddress(source), 0));
    Promise<Channel> opened = ImmediateEventExecutor.INSTANCE.newPromise();
    connect.addListener(
        f -> {
          if (f.isSuccess()) {
            opened.setSuccess(connect.channel());
          } else {
            opened.setFailure(f.cause());
          }
        });
    return opened;
  }
}
