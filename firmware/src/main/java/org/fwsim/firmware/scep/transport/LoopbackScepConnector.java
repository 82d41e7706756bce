package org.fwsim.firmware.scep.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A {@link ScepConnector} without address mapping: connects straight to a loopback destination
 * (127.0.0.0/8 or ::1), optionally bound to a loopback source. For tests and for a CA that runs on
 * the host's loopback; anything else is refused, so no socket ever leaves the machine.
 */
public final class LoopbackScepConnector implements ScepConnector {
  private final Bootstrap template;

  /**
   * @param group the shared event loops (the hypervisor's)
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
  public ChannelFuture connect(
      InetAddress source, InetSocketAddress destination, ChannelHandler handler) {
    if (destination.isUnresolved() || !destination.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "refusing to connect to "
              + destination.getHostString()
              + ": only loopback destinations (127.0.0.0/8, ::1) are allowed without an underlay mapping");
    }
    if (source != null && !source.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "refusing to bind to "
              + source.getHostAddress()
              + ": only loopback sources are allowed without an underlay mapping");
    }
    Bootstrap b = template.clone().handler(handler);
    return source == null
        ? b.connect(destination)
        : b.connect(destination, new InetSocketAddress(source, 0));
  }
}
