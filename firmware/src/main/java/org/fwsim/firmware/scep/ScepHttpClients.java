package org.fwsim.firmware.scep;

import java.util.Objects;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.scep.transport.ScepHttpClient;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Underlay;

/**
 * How a SCEP transaction gets an HTTP client for the egress it was given. The client holds no
 * appliance state, so a fleet shares one where the connector does not depend on the egress.
 */
@FunctionalInterface
public interface ScepHttpClients {

  ScepHttpClient forEgress(Egress egress);

  /** One client whatever the egress (tests, a CA on the host's loopback). */
  static ScepHttpClients shared(ScepHttpClient client) {
    Objects.requireNonNull(client, "client");
    return egress -> client;
  }

  /**
   * Connections of {@code appliance} over the HAL underlay, out of the egress interface as it is at
   * each connect, bound to the egress source.
   */
  static ScepHttpClients underlay(Underlay underlay, Appliance appliance, int maxResponseBytes) {
    Objects.requireNonNull(underlay, "underlay");
    Objects.requireNonNull(appliance, "appliance");
    return egress ->
        new ScepHttpClient(
            new UnderlayScepConnector(underlay, appliance, egress), maxResponseBytes);
  }
}
