package org.fwsim.firmware.scep.transport;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The seam between the SCEP transport and the network underneath: opens one TCP connection from a
 * simulated source to a simulated destination and installs the transport's handler on it.
 *
 * <p>{@link LoopbackScepConnector} connects directly to loopback destinations (tests, a CA mapped
 * on 127.0.0.1). The HAL underlay provides the real one: it maps the simulated source address to
 * its loopback image and binds there, maps the simulated destination (the CA) to its host endpoint,
 * and refuses anything outside 127.0.0.0/8 and ::1.
 *
 * <p>Contract: set {@code handler} as the channel's handler before connecting (it is a {@code
 * ChannelInitializer}, one per connection); return the connect future (its {@code channel()} must
 * be usable at once for scheduling the timeout); never block. A destination or source the connector
 * refuses may be reported by throwing {@link IllegalArgumentException} with the reason, or by
 * failing the future.
 */
public interface ScepConnector {
  /**
   * @param source the simulated source address to bind, or null to let the system choose
   * @param destination the simulated destination; unresolved ({@link
   *     InetSocketAddress#isUnresolved()}) when the scep-url names a host instead of an address
   * @param handler the transport's per-connection initializer
   */
  ChannelFuture connect(InetAddress source, InetSocketAddress destination, ChannelHandler handler);
}
