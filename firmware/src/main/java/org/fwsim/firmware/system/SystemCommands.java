package org.fwsim.firmware.system;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.clock.ApplianceClock;

/**
 * {@code get system status}, {@code execute date} and {@code execute time}.
 *
 * <p>The appliance's wall clock is shown in UTC here and in the event log: only forticron's
 * diagnose output applies {@code system global timezone} so far (a simplification, noted here).
 */
public final class SystemCommands implements CommandFeature {

  /**
   * INFERENCE: version string in the shape FortiOS 7.4 VMs print ({@code FortiGate-VM64
   * v7.4.3,build2573,240201 (GA.F)}); build and date are believed, not confirmed by the reference.
   */
  public static final String VERSION = "v7.4.3,build2573,240201 (GA.F)";

  static final String BRANCH_POINT = "2573";

  /** INFERENCE: a VM licence allows 10 VDOMs. */
  static final int MAX_VDOMS = 10;

  /** ctime style, as FortiOS prints {@code System time:} (day padded with a space). */
  private static final DateTimeFormatter SYSTEM_TIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Override
  public void bind(CommandRegistry r) {
    r.bind("get system status", SystemCommands::status);
    r.bind("execute date", SystemCommands::date);
    r.bind("execute time", SystemCommands::time);
  }

  private static String status(CommandContext ctx, List<String> args) throws CliException {
    CommandArgs.exactly(args, 0);
    Appliance a = ctx.service(Appliance.class);
    boolean multi = ctx.tree().multiVdom();
    int vdoms = ctx.tree().vdomNames().size();
    String current = ctx.vdomOrManagement();
    return "Version: "
        + a.model()
        + " "
        + VERSION
        + "\n"
        + "Serial-Number: "
        + a.serial()
        + "\n"
        + "Hostname: "
        + ctx.tree().hostname()
        + "\n"
        + "Operation Mode: NAT\n"
        + "Current virtual domain: "
        + current
        + "\n"
        + "Max number of virtual domains: "
        + MAX_VDOMS
        + "\n"
        + "Virtual domains status: "
        + vdoms
        + " in NAT mode, 0 in TP mode\n"
        + "Virtual domain configuration: "
        + (multi ? "multiple" : "disable")
        + "\n"
        + "FIPS-CC mode: disable\n"
        + "Current HA mode: standalone\n"
        + "Branch point: "
        + BRANCH_POINT
        + "\n"
        + "Release Version Information: GA\n"
        + "System time: "
        + SYSTEM_TIME.format(a.clock().instant())
        + "\n";
  }

  private static String date(CommandContext ctx, List<String> args) throws CliException {
    return showOrSet(ctx, args, "date", DATE, SystemCommands::withDate);
  }

  private static String time(CommandContext ctx, List<String> args) throws CliException {
    return showOrSet(ctx, args, "time", TIME, SystemCommands::withTime);
  }

  private static LocalDateTime withDate(LocalDateTime now, String text) {
    return LocalDate.parse(text, DATE).atTime(now.toLocalTime());
  }

  /** {@code hh:mm} or {@code hh:mm:ss}, hours with one digit or two. */
  private static LocalDateTime withTime(LocalDateTime now, String text) {
    String pattern = text.length() <= 5 ? "H:mm" : "H:mm:ss";
    return now.toLocalDate().atTime(LocalTime.parse(text, DateTimeFormatter.ofPattern(pattern)));
  }

  /**
   * Shows the appliance clock's {@code field}, or sets it to {@code change(now, argument)} (which
   * throws {@link DateTimeParseException} on a bad argument) and tells the clock's listeners.
   */
  private static String showOrSet(
      CommandContext ctx,
      List<String> args,
      String field,
      DateTimeFormatter shown,
      BiFunction<LocalDateTime, String, LocalDateTime> change)
      throws CliException {
    ApplianceClock clock = ctx.service(Appliance.class).clock();
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (args.isEmpty()) {
      return "current " + field + " is: " + shown.format(now) + "\n";
    }
    if (args.size() > 1) {
      throw CliException.parse(args.get(1));
    }
    LocalDateTime next;
    try {
      next = change.apply(now, args.get(0));
    } catch (DateTimeParseException e) {
      throw CliException.parse(args.get(0));
    }
    clock.setTo(next.toInstant(ZoneOffset.UTC));
    ctx.service(ClockListener.class).clockChanged();
    return "";
  }
}
