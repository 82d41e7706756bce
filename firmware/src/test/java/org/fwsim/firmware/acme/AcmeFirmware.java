package org.fwsim.firmware.acme;

import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.HypervisorDriver;

/** The lab-default appliance the ACME tests enroll from, booted. */
public final class AcmeFirmware {

  private AcmeFirmware() {}

  /** A lab-default FGVM01 on {@code hv}, booted through {@code driver}. */
  public static Firmware boot(Hypervisor hv, HypervisorDriver driver) throws Exception {
    return driver.await(
        Firmware.boot(
            hv,
            hv.newAppliance("FGVM01TM26000002", "FGVM01"),
            Firmware.labDefault("FGVM01"),
            FirmwareCommands.newRegistry()));
  }
}
