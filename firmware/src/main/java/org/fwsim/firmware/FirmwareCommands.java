package org.fwsim.firmware;

import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;

/**
 * The firmware's own non-config commands, registered into a {@link CommandRegistry} that every
 * appliance of the JVM shares. Handlers find their appliance through {@code
 * context.appliance(Firmware.class)}, so they hold no per-appliance state.
 *
 * <p>Features that come later (SCEP client, forticron, egress, testbench controls) register their
 * commands into the same registry before the first appliance boots.
 */
public final class FirmwareCommands {

  private FirmwareCommands() {}

  /** A registry holding the firmware's commands; add feature commands, then boot appliances. */
  public static CommandRegistry newRegistry() {
    CommandRegistry r = new CommandRegistry();
    register(r);
    return r;
  }

  /** Registers the firmware's commands into {@code r}. */
  public static void register(CommandRegistry r) {
    r.describe("execute", "Execute static commands.");
    r.describe("diagnose", "Diagnose facility.");
    r.describe("sim", "Simulator controls (fwsim, not FortiOS).");
    SystemCommands.register(r);
    RoutingCommands.register(r);
    DebugCommands.register(r);
    LogCommands.register(r);
    BackupCommands.register(r);
    SimClockCommands.register(r);
    SimScepCommands.register(r);
    org.fwsim.firmware.cert.CertificateCommands.register(r);
    SdwanCommands.register(r);
  }

  /** The firmware behind a session; every handler starts here. */
  static Firmware firmware(CommandContext ctx) {
    return ctx.appliance(Firmware.class);
  }

  /** FortiOS's answer to a word it cannot use: {@code command parse error before 'x'}. */
  static CliException parseError(String token) {
    return new CliException("command parse error before '" + token + "'", ReturnCodes.INVALID);
  }
}
