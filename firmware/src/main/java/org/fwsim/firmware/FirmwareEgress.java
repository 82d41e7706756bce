package org.fwsim.firmware;

import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.egress.EgressDaemon;
import org.fwsim.firmware.egress.LatencyMeter;
import org.fwsim.hal.net.Underlay;

/**
 * Attaches an {@link EgressDaemon} to a running firmware: from then on the SCEP path selects its
 * egress by {@code config vpn certificate setting}, SD-WAN health checks probe through the
 * underlay, and every commit reaches the daemon. Done by whoever owns the underlay (the console, a
 * fleet), because the firmware itself does not know the hypervisor.
 */
public final class FirmwareEgress {

  private FirmwareEgress() {}

  /**
   * Attaches on the appliance's mailbox and applies the current configuration.
   *
   * @return completes with the daemon; exceptionally when the configuration cannot be applied (the
   *     daemon stays attached with what it could apply)
   */
  public static CompletableFuture<EgressDaemon> attach(
      Firmware fw, Underlay underlay, LatencyMeter meter) {
    return fw.appliance()
        .call(
            () -> {
              EgressDaemon daemon = new EgressDaemon(fw.appliance(), underlay, meter);
              fw.setEgress(daemon);
              daemon.apply(fw.config().view());
              return daemon;
            });
  }
}
