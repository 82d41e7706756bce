package org.fwsim.testbench.mgmt;

import java.util.function.Consumer;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cli.ConfigObject;

/**
 * {@code set allowaccess} on a device's management interface, as the planes read it: whether a
 * service ({@code ssh}, {@code https}) is allowed now, and a watch that tells a plane when that
 * changes, so it opens or closes the device's socket live.
 */
public final class AllowAccess {
  private AllowAccess() {}

  /** Whether {@code managementInterface} allows {@code service}. Mailbox only. */
  public static boolean allows(Firmware device, String managementInterface, String service) {
    ConfigObject nic = device.config().global().table("system interface").get(managementInterface);
    return nic != null && nic.list("allowaccess").contains(service);
  }

  /**
   * Calls {@code onChange} on the device's mailbox after every commit that changes whether {@code
   * service} is allowed. Mailbox only.
   *
   * @param allowedNow what {@link #allows} answers now (the watch reports changes from it)
   */
  public static void watch(
      Firmware device,
      String managementInterface,
      String service,
      boolean allowedNow,
      Consumer<Boolean> onChange) {
    boolean[] last = {allowedNow};
    // On the firmware, not on its tree: `execute restore config` replaces the tree.
    device.addConfigWatcher(
        change -> {
          boolean now = allows(device, managementInterface, service);
          if (now != last[0]) {
            last[0] = now;
            onChange.accept(now);
          }
        });
  }
}
