package org.fwsim.firmware;

import org.fwsim.firmware.cert.CertificateCommands;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.debug.DebugCommands;
import org.fwsim.firmware.egress.SdwanCommands;
import org.fwsim.firmware.log.LogCommands;
import org.fwsim.firmware.rest.ApiUserCommands;
import org.fwsim.firmware.sniffer.SnifferCommands;
import org.fwsim.firmware.system.BackupCommands;
import org.fwsim.firmware.system.RoutingCommands;
import org.fwsim.firmware.system.SimClockCommands;
import org.fwsim.firmware.system.SystemCommands;

/**
 * Assembles the firmware's non-config commands into a {@link CommandRegistry} that every appliance
 * of the JVM shares. Each feature owns its commands; their handlers reach the appliance through
 * {@link org.fwsim.firmware.cli.CommandContext#service}, so they hold no per-appliance state.
 */
public final class FirmwareCommands {

  private FirmwareCommands() {}

  /** A registry holding the firmware's commands; add more if needed, then boot appliances. */
  public static CommandRegistry newRegistry() {
    CommandRegistry r = new CommandRegistry();
    register(r);
    return r;
  }

  /** Registers the firmware's commands into {@code r}. */
  public static void register(CommandRegistry r) {
    r.load(FirmwareCommands.class, "commands.cli");
    r.install(new SystemCommands());
    r.install(new RoutingCommands());
    r.install(new DebugCommands());
    r.install(new LogCommands());
    r.install(new BackupCommands());
    r.install(new ApiUserCommands());
    r.install(new SimClockCommands());
    r.install(new CertificateCommands());
    r.install(new org.fwsim.firmware.cmp.CmpCommands());
    r.install(new org.fwsim.firmware.est.EstCommands());
    r.install(new SdwanCommands());
    r.install(new SnifferCommands());
  }
}
