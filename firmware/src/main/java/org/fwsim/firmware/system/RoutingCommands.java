package org.fwsim.firmware.system;

import java.util.List;
import java.util.function.Function;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.net.RoutingSnapshot;

/** {@code get router info routing-table all|static|connected} in the session's VDOM. */
public final class RoutingCommands implements CommandFeature {

  @Override
  public void bind(CommandRegistry r) {
    bindTable(r, "", RoutingSnapshot::formatAll);
    bindTable(r, " all", RoutingSnapshot::formatAll);
    bindTable(r, " static", s -> s.format(Route.Kind.STATIC));
    bindTable(r, " connected", s -> s.format(Route.Kind.CONNECTED));
  }

  /** {@code get router info routing-table<type>}, printing what {@code print} picks. */
  private static void bindTable(
      CommandRegistry r, String type, Function<RoutingSnapshot, String> print) {
    r.bind("get router info routing-table" + type, (ctx, args) -> print.apply(snapshot(ctx, args)));
  }

  private static RoutingSnapshot snapshot(CommandContext ctx, List<String> args)
      throws CliException {
    CommandArgs.exactly(args, 0);
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
