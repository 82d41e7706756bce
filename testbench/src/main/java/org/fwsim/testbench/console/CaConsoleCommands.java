package org.fwsim.testbench.console;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.hal.net.Ip4;
import org.fwsim.testbench.ca.AccessLog;
import org.fwsim.testbench.ca.ApprovalQueue;
import org.fwsim.testbench.ca.CaFaults;
import org.fwsim.testbench.ca.ScepCa;

/**
 * {@code sim ca pending on|off}, {@code sim ca approve <transaction id>|all}, {@code sim ca fault
 * <kind>}, {@code sim ca list} and {@code sim ca log [count]}: the console's controls of the
 * embedded CA, registered into the firmware's command registry by the testbench (the firmware knows
 * nothing of the CA).
 */
public final class CaConsoleCommands {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The faults {@code sim ca fault} knows (its schema offers the same). */
  private static final String[] FAULTS = {"none", "garbage", "badrequest", "http500", "down"};

  private CaConsoleCommands() {}

  /**
   * Registers the commands.
   *
   * @param ca the embedded CA, or a supplier of null when the console uses an external one
   * @param url the URL appliances use for it, as printed when the console started
   */
  public static void register(CommandRegistry r, Supplier<ScepCa> ca, Supplier<String> url) {
    register(r, ca, url, host -> null);
  }

  /**
   * Registers the commands, with {@code simulated} naming the simulated source behind a loopback
   * host address (e.g. {@code 10.5.149.1 port2 FGVM01}), or null when it is no appliance's, for
   * {@code sim ca log}.
   */
  public static void register(
      CommandRegistry r, Supplier<ScepCa> ca, Supplier<String> url, IntFunction<String> simulated) {
    r.load(CaConsoleCommands.class, "CaConsoleCommands.cli");
    r.bind("sim ca log", (ctx, args) -> log(require(ca), args, simulated));
    r.bind(
        "sim ca pending",
        (ctx, args) -> {
          ScepCa c = require(ca);
          if (args.size() != 1 || !List.of("on", "off").contains(args.get(0))) {
            throw new CliException(
                "command parse error before '" + (args.isEmpty() ? "" : args.get(0)) + "'",
                ReturnCodes.INVALID);
          }
          c.approvals().setManual(args.get(0).equals("on"));
          return "Manual approval: " + args.get(0) + "\n";
        });
    r.bind(
        "sim ca approve",
        (ctx, args) -> {
          ScepCa c = require(ca);
          if (args.size() != 1) {
            throw new CliException("command parse error before ''", ReturnCodes.INVALID);
          }
          if (args.get(0).equals("all")) {
            return "Approved " + c.approvals().approveAll() + " request(s).\n";
          }
          if (!c.approvals().approve(args.get(0))) {
            throw new CliException(
                "no request waiting with transaction id " + args.get(0), ReturnCodes.NOT_FOUND);
          }
          return "Approved " + args.get(0) + ".\n";
        });
    r.bind(
        "sim ca fault",
        (ctx, args) -> {
          ScepCa c = require(ca);
          if (args.size() != 1 || !List.of(FAULTS).contains(args.get(0))) {
            throw new CliException(
                "command parse error before '" + (args.isEmpty() ? "" : args.get(0)) + "'",
                ReturnCodes.INVALID);
          }
          c.setFaults(fault(args.get(0)));
          return "CA fault: " + args.get(0) + "\n";
        });
    r.bind("sim ca list", (ctx, args) -> list(require(ca), url.get()));
  }

  private static CaFaults fault(String name) {
    return switch (name) {
      case "garbage" -> CaFaults.NONE.withGarbageFraction(1.0);
      case "badrequest" -> CaFaults.NONE.withBadRequestFraction(1.0);
      case "http500" -> CaFaults.NONE.withHttp500Fraction(1.0);
      case "down" -> CaFaults.NONE.withDown(true);
      default -> CaFaults.NONE;
    };
  }

  private static String list(ScepCa ca, String url) {
    StringBuilder out =
        new StringBuilder("Embedded CA: ")
            .append(url)
            .append('\n')
            .append("Manual approval: ")
            .append(ca.approvals().manual() ? "on" : "off")
            .append('\n')
            .append("Issued certificates: ")
            .append(ca.certificates().size())
            .append('\n');
    List<ApprovalQueue.PendingRequest> held = ca.approvals().list();
    if (held.isEmpty()) {
      return out.append("No requests held for approval.\n").toString();
    }
    out.append(
        String.format(
            "%-34s %-9s %5s  %-19s  %s%n",
            "transaction id", "state", "polls", "requested (UTC)", "subject"));
    for (ApprovalQueue.PendingRequest p : held) {
      out.append(
          String.format(
              "%-34s %-9s %5d  %-19s  %s%n",
              p.transactionId(), p.state(), p.polls(), WHEN.format(p.requestedAt()), p.subject()));
    }
    return out.toString();
  }

  private static String log(ScepCa ca, List<String> args, IntFunction<String> simulated)
      throws CliException {
    int count = 10;
    if (args.size() > 1) {
      throw new CliException(
          "command parse error before '" + args.get(1) + "'", ReturnCodes.INVALID);
    }
    if (args.size() == 1) {
      try {
        count = Integer.parseInt(args.get(0));
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (count < 1 || count > 1000) {
        throw new CliException(
            "value parse error before '" + args.get(0) + "': count is 1 to 1000",
            ReturnCodes.INVALID);
      }
    }
    List<AccessLog.Entry> all = ca.accessLog().entries();
    List<AccessLog.Entry> shown = all.subList(Math.max(0, all.size() - count), all.size());
    if (shown.isEmpty()) {
      return "No requests yet.\n";
    }
    StringBuilder out =
        new StringBuilder(
            String.format(
                "%-19s  %-21s  %-32s  %-26s  %s%n",
                "time (UTC)", "source", "simulated source", "request", "result"));
    for (AccessLog.Entry e : shown) {
      String request = e.operation() + (e.messageType() == null ? "" : " " + e.messageType());
      out.append(
          String.format(
              "%-19s  %-21s  %-32s  %-26s  %s%n",
              WHEN.format(e.time()),
              e.source(),
              describe(e.source(), simulated),
              request,
              e.result()));
    }
    return out.toString();
  }

  /** The simulated address and interface behind a logged loopback source, or "-". */
  private static String describe(String source, IntFunction<String> simulated) {
    int colon = source.lastIndexOf(':');
    String host = colon < 0 ? source : source.substring(0, colon);
    try {
      String s = simulated.apply(Ip4.parse(host));
      return s == null ? "-" : s;
    } catch (IllegalArgumentException notIpv4) {
      return "-";
    }
  }

  private static ScepCa require(Supplier<ScepCa> ca) throws CliException {
    ScepCa c = ca.get();
    if (c == null) {
      throw new CliException(
          "no embedded CA: this console uses an external CA (--ca)", ReturnCodes.NOT_PERMITTED);
    }
    return c;
  }
}
