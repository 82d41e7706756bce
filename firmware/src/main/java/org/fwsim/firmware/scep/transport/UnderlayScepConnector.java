package org.fwsim.firmware.scep.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;
import java.util.Objects;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Underlay;

/**
 * The SCEP transport's connector over the HAL {@link Underlay} for one appliance: each connection
 * leaves through the request's {@link Egress} as the interface is at that moment, bound to the
 * loopback image of the egress source (the configured {@code source-ip}, else the interface's
 * address), to the CA's mapped host endpoint. Holds two references, so one per appliance costs
 * nothing between transactions.
 */
public final class UnderlayScepConnector implements ScepConnector {

  private final Underlay underlay;
  private final Appliance appliance;

  public UnderlayScepConnector(Underlay underlay, Appliance appliance) {
    this.underlay = Objects.requireNonNull(underlay, "underlay");
    this.appliance = Objects.requireNonNull(appliance, "appliance");
  }

  /**
   * @throws IllegalArgumentException when the request has no egress (nothing to leave through)
   */
  @Override
  public Future<Channel> open(ScepHttpRequest request, ChannelHandler handler) {
    Egress egress = request.egress();
    if (egress == null) {
      throw new IllegalArgumentException(
          "no egress chosen for " + request + ": the underlay needs an interface and a source");
    }
    return egress.connect(appliance, underlay, request.url().port(), handler);
  }
}
