package org.fwsim.firmware.scep;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.scep.transport.LateScepConnector;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Underlay;

/**
 * The SCEP transport's connector over the HAL {@link Underlay}, for one appliance and one egress:
 * the connection is bound to the loopback image of the source (the configured {@code source-ip},
 * else the egress interface's address) and goes to the CA's mapped host endpoint. Two fields and a
 * reference, made per transaction, so nothing per appliance is kept between transactions.
 */
public final class UnderlayScepConnector implements LateScepConnector {

  private final Underlay underlay;
  private final Appliance appliance;
  private final Egress egress;

  public UnderlayScepConnector(Underlay underlay, Appliance appliance, Egress egress) {
    this.underlay = Objects.requireNonNull(underlay, "underlay");
    this.appliance = Objects.requireNonNull(appliance, "appliance");
    this.egress = Objects.requireNonNull(egress, "egress");
  }

  @Override
  public Future<Channel> open(
      InetAddress source, InetSocketAddress destination, ChannelHandler handler) {
    if (destination.isUnresolved() || !(destination.getAddress() instanceof Inet4Address)) {
      throw new IllegalArgumentException(
          "the underlay carries IPv4 only; cannot reach " + destination.getHostString());
    }
    if (source != null && !(source instanceof Inet4Address)) {
      throw new IllegalArgumentException("source-ip " + source.getHostAddress() + " is not IPv4");
    }
    int src = source == null ? egress.sourceAddress() : Ip4.fromInetAddress(source);
    int dst = Ip4.fromInetAddress(destination.getAddress());
    if (src != egress.sourceAddress() || dst != egress.destination()) {
      throw new IllegalArgumentException(
          "the request's "
              + Ip4.toString(src)
              + "->"
              + Ip4.toString(dst)
              + " is not the egress chosen: "
              + egress);
    }
    return egress.connect(appliance, underlay, destination.getPort(), handler);
  }
}
