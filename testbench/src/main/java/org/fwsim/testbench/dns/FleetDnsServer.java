package org.fwsim.testbench.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.net.Transports;

/**
 * The fleet's DNS server on a loopback UDP address ({@code storm --dns-listen}): Netty's DNS codec
 * with a {@link DnsAnswerer} over the run's {@link FleetZone}, on an event loop of its own (UDP,
 * whatever transport the fleet's TCP uses). Closing it stops answering.
 */
public final class FleetDnsServer implements AutoCloseable {

  /** The bound channel; its event loop group is the server's own. */
  private final Channel channel;

  private FleetDnsServer(Channel channel) {
    this.channel = channel;
  }

  /**
   * Answers queries for {@code zone} at {@code address}, which must be loopback.
   *
   * @throws IOException when the address cannot be bound (in use, not local)
   */
  public static FleetDnsServer start(InetSocketAddress address, FleetZone zone) throws IOException {
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the fleet's DNS answers on loopback only (127.0.0.0/8 or ::1), not " + address);
    }
    Transports transports = Transports.nio(1);
    try {
      // The codec goes in front of the answerer before the socket is bound: no query meets a
      // pipeline without it.
      Channel ch =
          new Bootstrap()
              .group(transports.group())
              .channel(NioDatagramChannel.class)
              .handler(new DnsAnswerer(zone))
              .register()
              .sync()
              .channel();
      ch.pipeline().addFirst(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder());
      ch.bind(address).sync();
      return new FleetDnsServer(ch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      transports.shutdownGracefully(0, 1_000);
      throw new IOException("interrupted while binding the fleet's DNS at " + address, e);
    } catch (Exception e) { // Netty rethrows the bind's IOException undeclared
      transports.shutdownGracefully(0, 1_000);
      throw new IOException(
          "the fleet's DNS cannot listen at udp " + address + ": " + e.getMessage(), e);
    }
  }

  /** The bound address (its port, when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    channel.eventLoop().parent().shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
