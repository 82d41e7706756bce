package org.fwsim.testbench.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.fwsim.hal.net.Transports;

/**
 * The fleet's DNS server on a loopback UDP address ({@code storm --dns-listen}): Netty's DNS codec
 * with a {@link DnsAnswerer} over the run's {@link FleetZone}, on an event loop of its own (UDP,
 * whatever transport the fleet's TCP uses). Closing it stops answering.
 */
public final class FleetDnsServer implements AutoCloseable {

  private final Transports transports;
  private final Channel channel;

  private FleetDnsServer(Transports transports, Channel channel) {
    this.transports = transports;
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
    DnsAnswerer answerer = new DnsAnswerer(zone);
    try {
      Channel ch =
          new Bootstrap()
              .group(transports.group())
              .channel(NioDatagramChannel.class)
              .handler(
                  new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel c) {
                      c.pipeline()
                          .addLast(
                              new DatagramDnsQueryDecoder(),
                              new DatagramDnsResponseEncoder(),
                              answerer);
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      return new FleetDnsServer(transports, ch);
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
    transports.shutdownGracefully(0, 1_000).syncUninterruptibly();
  }
}
