package org.fwsim.firmware.egress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.ConnectException;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.lang.Require;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Underlay;

/**
 * Where one self-originated connection leaves the appliance: the interface, the source address to
 * bind, the next hop, and why they were chosen. Made by an {@link EgressSelector} and carried
 * unchanged to the socket ({@link #connect}). Immutable.
 *
 * @param interfaceName the egress interface
 * @param ifindex its kernel index
 * @param sourceAddress the address to bind (the {@code source-ip} if set, else the interface's)
 * @param configuredSourceIp the {@code source-ip} given, {@link Ip4#ANY} when unset
 * @param gateway the next hop, {@link Ip4#ANY} when the destination is on the link
 * @param destination the destination address
 * @param method the {@code interface-select-method} that chose it
 * @param reason how it was chosen, for traces and logs (e.g. {@code sdwan: service 1(To_CA) mode
 *     sla})
 */
public record Egress(
    String interfaceName,
    int ifindex,
    int sourceAddress,
    int configuredSourceIp,
    int gateway,
    int destination,
    InterfaceSelectMethod method,
    String reason) {

  /** Requires the interface, the method and the reason. */
  public Egress {
    Require.nonNull(
        "egress interface, interface-select-method, reason", interfaceName, method, reason);
  }

  /**
   * The interface index forticron prints. INFERENCE from KB-420924, which shows {@code bind to
   * interface 0} with {@code auto}: the socket is bound to a device only when the method names one
   * ({@code specify}, {@code sdwan}), so {@code auto} prints 0.
   */
  public int traceIfindex() {
    return method == InterfaceSelectMethod.AUTO ? 0 : ifindex;
  }

  /**
   * Opens the connection this egress describes: out of the interface as it is now (its current
   * impairments apply; a link that went down since the selection fails at once with a clear error),
   * bound to {@link #sourceAddress()}, to {@link #destination()}:{@code dstPort}.
   */
  public Future<Channel> connect(
      Appliance appliance, Underlay underlay, int dstPort, ChannelHandler handler) {
    NetworkInterface nic = appliance.findInterface(interfaceName).orElse(null);
    if (nic == null) {
      return ImmediateEventExecutor.INSTANCE.newFailedFuture(
          new ConnectException(
              "cannot connect to "
                  + Ip4.toString(destination)
                  + ":"
                  + dstPort
                  + ": interface "
                  + interfaceName
                  + " no longer exists"));
    }
    return underlay.connect(appliance.id(), nic, sourceAddress, destination, dstPort, handler);
  }

  @Override
  public String toString() {
    return interfaceName
        + "("
        + ifindex
        + ") "
        + Ip4.toString(sourceAddress)
        + "->"
        + Ip4.toString(destination)
        + " via "
        + Ip4.toString(gateway)
        + " ["
        + reason
        + "]";
  }
}
