package org.fwsim.firmware.sniffer;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.config.FortiTimezone;
import org.fwsim.hal.Appliance;

/**
 * {@code diagnose sniffer packet <interface|any> '<filter>' <verbose> [count] [a|l]} and {@code sim
 * sniffer start|stop}. The console's sniffer prints while the console keeps taking lines (one
 * console can then start the flow it watches); Ctrl-C, a script line {@code ^C}, or the count ends
 * it with FortiOS's summary.
 */
public final class SnifferCommands implements CommandFeature {

  @Override
  public void bind(CommandRegistry r) {
    r.bind("diagnose sniffer packet", SnifferCommands::packet);
    r.bind(
        "sim sniffer start",
        (ctx, args) -> {
          CommandArgs.exactly(args, 2);
          checkInterface(ctx, args.get(0));
          Path file;
          try {
            file = Path.of(args.get(1));
          } catch (InvalidPathException e) {
            return "sim sniffer: bad file name " + args.get(1) + "\n";
          }
          try {
            ctx.service(PacketSniffer.class).startCapture(args.get(0), file);
          } catch (IOException e) {
            return "sim sniffer: cannot create " + file + ": " + e.getMessage() + "\n";
          }
          return "sim sniffer: capturing " + args.get(0) + " to " + file + "\n";
        });
    r.bind(
        "sim sniffer stop",
        (ctx, args) -> {
          Path file = ctx.service(PacketSniffer.class).stopCapture();
          return file == null
              ? "sim sniffer: no capture running\n"
              : "sim sniffer: capture written to " + file + "\n";
        });
  }

  private static String packet(CommandContext ctx, List<String> args) throws CliException {
    String iface = args.isEmpty() ? "any" : args.get(0);
    String filterText = args.size() > 1 ? args.get(1) : "none";
    SnifferFilter filter;
    try {
      filter = SnifferFilterParser.parse(filterText);
    } catch (SnifferFilterParser.FilterException e) {
      // FortiOS hands the filter to libpcap; its compile error is what the console shows.
      return "interfaces=["
          + iface
          + "]\nfilters=["
          + filterText
          + "]\npcap_compile: "
          + e.getMessage()
          + "\n";
    }
    if (!iface.equals("any") && ctx.service(Appliance.class).findInterface(iface).isEmpty()) {
      return "interfaces=["
          + iface
          + "]\nfilters=["
          + filterText
          + "]\nFailed to get interface "
          + iface
          + ".\n";
    }
    int verbose = args.size() > 2 ? CommandArgs.number(args.get(2), 1, 6) : 1;
    long count = args.size() > 3 ? CommandArgs.number(args.get(3), 0, Integer.MAX_VALUE) : 0;
    ZoneId zone = null;
    if (args.size() > 4) {
      zone =
          switch (args.get(4)) {
            case "a" -> ZoneOffset.UTC;
            case "l" -> localZone(ctx);
            default -> null; // FortiOS: anything else is relative time
          };
    }
    CommandArgs.atMost(args, 5);
    SnifferOptions options = new SnifferOptions(iface, filterText, filter, verbose, count, zone);
    return ctx.service(PacketSniffer.class)
        .start(options, ctx.session().state(PacketSniffer.OUTPUT));
  }

  private static void checkInterface(CommandContext ctx, String iface) throws CliException {
    if (!iface.equals("any") && ctx.service(Appliance.class).findInterface(iface).isEmpty()) {
      throw CliException.parse(iface);
    }
  }

  private static ZoneId localZone(CommandContext ctx) {
    try {
      return FortiTimezone.of(ctx.tree().view().global().timezone());
    } catch (IllegalArgumentException e) {
      return FortiTimezone.of(FortiTimezone.DEFAULT_INDEX);
    }
  }
}
