package org.fwsim.firmware.egress;

import java.util.List;
import java.util.function.Function;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.hal.Appliance;

/**
 * {@code diagnose sys sdwan health-check|service|member|zone} in the session's VDOM, and the
 * simulator's {@code sim link} for link faults. The SD-WAN views come from the appliance's {@link
 * EgressDaemon} (started at boot) through {@link SdwanView}.
 */
public final class SdwanCommands implements CommandFeature {

  @Override
  public void bind(CommandRegistry r) {
    r.bind("diagnose sys sdwan health-check", SdwanCommands::healthCheck);
    r.bind("diagnose sys sdwan health-check status", SdwanCommands::healthCheck);
    r.bind("diagnose sys sdwan service", SdwanCommands::service);
    bindList(r, "member", SdwanDiagnose::member);
    bindList(r, "zone", SdwanDiagnose::zone);
    r.bind(
        "sim link",
        (ctx, args) -> {
          try {
            return SimLinkCommand.run(ctx.service(Appliance.class), args);
          } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), ReturnCodes.INVALID);
          }
        });
  }

  private static String healthCheck(CommandContext ctx, List<String> args) throws CliException {
    CommandArgs.atMost(args, 1);
    SdwanStatus st = status(ctx);
    String name = args.isEmpty() ? null : args.get(0);
    if (st == null) {
      if (name != null) {
        throw new CliException("health-check " + name + " does not exist", ReturnCodes.NOT_FOUND);
      }
      return "";
    }
    try {
      return SdwanDiagnose.healthCheck(st, name);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.NOT_FOUND);
    }
  }

  private static String service(CommandContext ctx, List<String> args) throws CliException {
    CommandArgs.atMost(args, 1);
    Integer id = args.isEmpty() ? null : CommandArgs.integer(args.get(0));
    SdwanStatus st = status(ctx);
    if (st == null) {
      if (id != null) {
        throw new CliException("SD-WAN service " + id + " does not exist", ReturnCodes.NOT_FOUND);
      }
      return "";
    }
    try {
      return SdwanDiagnose.service(st, ctx.service(Appliance.class), ctx.vdom(), id);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.NOT_FOUND);
    }
  }

  /** A {@code diagnose sys sdwan <word>} without arguments that prints the whole VDOM's list. */
  private static void bindList(
      CommandRegistry r, String word, Function<SdwanStatus, String> print) {
    r.bind(
        "diagnose sys sdwan " + word,
        (ctx, args) -> {
          CommandArgs.exactly(args, 0);
          SdwanStatus st = status(ctx);
          return st == null ? "" : print.apply(st);
        });
  }

  /** The session VDOM's SD-WAN view; null when SD-WAN is disabled there. */
  private static SdwanStatus status(CommandContext ctx) throws CliException {
    if (ctx.vdom() == null) {
      // SD-WAN is per VDOM; the global context of a multi-vdom appliance has none.
      throw new CliException("command parse error before 'sys'", ReturnCodes.INVALID);
    }
    return ctx.service(SdwanView.class).sdwanStatus(ctx.vdom());
  }
}
