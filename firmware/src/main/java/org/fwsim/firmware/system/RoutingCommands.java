package org.fwsim.firmware.system;

import java.util.List;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.net.RoutingSnapshot;

/** {@code get router info routing-table all|static|connected} in the session's VDOM. */
public final class RoutingCommands {

  private RoutingCommands() {}

  /** Registers the commands into the registry every appliance of the JVM shares. */
  public static void register(CommandRegistry r) {
    r.describe("get router", "Router.");
    r.describe("get router info", "Show routing information.");
    // The bare keyword shows everything, and an unknown type after it is named in the error.
    // INFERENCE: FortiOS may ask for the type instead; showing all is the simulator's choice.
    r.register(
        "get router info routing-table",
        "Show routing table information.",
        List.of(),
        (ctx, args) -> snapshot(ctx, args).formatAll());
    r.register(
        "get router info routing-table all",
        "Show all routing table entries.",
        List.of(),
        (ctx, args) -> snapshot(ctx, args).formatAll());
    r.register(
        "get router info routing-table static",
        "Show static routing table entries.",
        List.of(),
        (ctx, args) -> snapshot(ctx, args).format(Route.Kind.STATIC));
    r.register(
        "get router info routing-table connected",
        "Show connected routing table entries.",
        List.of(),
        (ctx, args) -> snapshot(ctx, args).format(Route.Kind.CONNECTED));
  }

  private static RoutingSnapshot snapshot(CommandContext ctx, List<String> args)
      throws CliException {
    if (!args.isEmpty()) {
      throw CliException.parse(args.get(0));
    }
    if (ctx.vdom() == null) {
      // Routing tables are per VDOM; the global context of a multi-vdom appliance has none.
      throw new CliException("command parse error before 'router'", ReturnCodes.INVALID);
    }
    return ctx.service(Appliance.class)
        .vdoms()
        .find(ctx.vdom())
        .orElseThrow(() -> new CliException("entry not found in datasource", ReturnCodes.NOT_FOUND))
        .routes();
  }
}
