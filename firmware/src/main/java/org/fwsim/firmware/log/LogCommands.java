package org.fwsim.firmware.log;

import static org.fwsim.firmware.cli.CommandArgs.integer;
import static org.fwsim.firmware.cli.CommandArgs.one;

import java.util.List;
import java.util.Map;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.firmware.cli.SessionKey;

/**
 * {@code execute log display} and {@code execute log filter ...}: the event log viewer. The filter
 * belongs to the console session, as on FortiOS where each admin session has its own.
 */
public final class LogCommands implements CommandFeature {

  /**
   * INFERENCE: FortiOS numbers the categories of {@code execute log filter category}; 0 traffic and
   * 1 event are the ones the simulator can hold (it logs events only), the rest match none.
   */
  private static final Map<String, String> CATEGORY_NUMBERS =
      Map.of(
          "0",
          "traffic",
          "1",
          "event",
          "2",
          "utm-virus",
          "3",
          "utm-webfilter",
          "4",
          "utm-ips",
          "5",
          "utm-emailfilter",
          "9",
          "utm-dlp",
          "10",
          "utm-app-ctrl",
          "15",
          "utm-dns");

  /** Each console session has its own filter, as each FortiOS admin session has. */
  private static final SessionKey<LogFilter> FILTER =
      SessionKey.of("log filter", () -> LogFilter.DEFAULT);

  @Override
  public void bind(CommandRegistry r) {
    r.bind("execute log display", LogCommands::display);
    r.bind(
        "execute log filter category",
        (ctx, args) -> set(ctx, filter(ctx).withCategory(category(one(args)))));
    r.bind(
        "execute log filter field",
        (ctx, args) -> {
          CommandArgs.exactly(args, 2);
          return set(ctx, filter(ctx).withField(args.get(0), args.get(1)));
        });
    r.bind(
        "execute log filter start-line",
        (ctx, args) -> set(ctx, checked(() -> filter(ctx).withStartLine(integer(one(args))))));
    r.bind(
        "execute log filter view-lines",
        (ctx, args) -> set(ctx, checked(() -> filter(ctx).withViewLines(integer(one(args))))));
    r.bind("execute log filter reset", (ctx, args) -> set(ctx, LogFilter.DEFAULT));
    r.bind("execute log filter dump", LogCommands::dump);
  }

  private static String display(CommandContext ctx, List<String> args) throws CliException {
    CommandArgs.exactly(args, 0);
    List<LogEntry> entries = ctx.service(EventLog.class).entries();
    if (ctx.vdom() != null) {
      // Inside a VDOM the viewer shows that VDOM's log only.
      entries = entries.stream().filter(e -> e.vdom().equals(ctx.vdom())).toList();
    }
    return LogFormatter.display(entries, filter(ctx), ctx.tree().hostname());
  }

  private static String dump(CommandContext ctx, List<String> args) {
    LogFilter f = filter(ctx);
    StringBuilder out =
        new StringBuilder()
            .append("category: ")
            .append(f.category())
            .append('\n')
            .append("device: memory\n")
            .append("start-line: ")
            .append(f.startLine())
            .append('\n')
            .append("view-lines: ")
            .append(f.viewLines())
            .append('\n')
            .append("Filter: ");
    StringBuilder fields = new StringBuilder();
    f.fields()
        .forEach(
            (k, v) ->
                fields.append(fields.length() == 0 ? "" : " and ").append(k).append("=").append(v));
    return out.append(fields).append('\n').toString();
  }

  private static LogFilter filter(CommandContext ctx) {
    return ctx.session().state(FILTER);
  }

  private static String set(CommandContext ctx, LogFilter f) {
    ctx.session().setState(FILTER, f);
    return "";
  }

  private static String category(String typed) throws CliException {
    String name = CATEGORY_NUMBERS.getOrDefault(typed, typed);
    if (!CATEGORY_NUMBERS.containsValue(name)) {
      throw CliException.parse(typed);
    }
    return name;
  }

  /** A filter change that LogFilter refuses (range) becomes a FortiOS error with its reason. */
  private static LogFilter checked(FilterChange change) throws CliException {
    try {
      return change.make();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ReturnCodes.INVALID);
    }
  }

  @FunctionalInterface
  private interface FilterChange {
    LogFilter make() throws CliException;
  }
}
