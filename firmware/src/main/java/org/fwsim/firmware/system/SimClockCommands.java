package org.fwsim.firmware.system;

import static org.fwsim.firmware.cli.CommandArgs.one;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ReturnCodes;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.clock.ApplianceClock;
import org.fwsim.hal.clock.ClockMode;
import org.fwsim.hal.clock.SimClock;

/**
 * {@code sim clock}: shows and moves the simulation's clock, shared by every appliance and the
 * embedded CA ({@code execute date}/{@code time} skew one appliance instead).
 */
public final class SimClockCommands implements CommandFeature {

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})([wdhms])");
  private static final Pattern FACTOR = Pattern.compile("(\\d+(?:\\.\\d+)?)x");

  @Override
  public void bind(CommandRegistry r) {
    r.bind(
        "sim clock",
        (ctx, args) -> {
          CommandArgs.exactly(args, 0);
          return show(ctx);
        });
    r.bind(
        "sim clock advance",
        (ctx, args) -> {
          Duration by = duration(one(args));
          return jump(ctx, clock -> clock.advance(by));
        });
    r.bind(
        "sim clock set",
        (ctx, args) -> {
          CommandArgs.exactly(args, 2);
          Instant to = instant(args.get(0), args.get(1));
          return jump(ctx, clock -> clock.set(to));
        });
    r.bind(
        "sim clock speed",
        (ctx, args) -> {
          speed(clock(ctx), one(args));
          return show(ctx);
        });
  }

  /** Moves the simulated time of every appliance and the CA; shows the clock after the jump. */
  private static String jump(CommandContext ctx, Consumer<SimClock> move) {
    Instant debugEnds = debugEnds(ctx);
    move.accept(clock(ctx));
    // Other appliances see the jump at their next timer (forticron caps its sleep at a day).
    ctx.service(ClockListener.class).clockChanged();
    return show(ctx) + debugStopped(ctx, debugEnds);
  }

  private static Instant debugEnds(CommandContext ctx) {
    return ctx.service(DebugControl.class).outputEnds();
  }

  /**
   * The jump passed the end of {@code diagnose debug duration}: FortiOS would have stopped the
   * output then, so it stops now, and says so, rather than leaving the traces the jump fires (a
   * renewal's, say) silently unprinted.
   */
  private static String debugStopped(CommandContext ctx, Instant ends) {
    if (ends == null || !ctx.service(DebugControl.class).stopIfDurationEnded()) {
      return "";
    }
    int minutes = ctx.service(DebugControl.class).settings().durationMinutes();
    return "Debug output stopped at "
        + SHOWN.format(ends)
        + " (appliance time): the jump passed the end of diagnose debug duration ("
        + minutes
        + " minutes); the traces it fires are not shown. Use diagnose debug duration 0 (no"
        + " limit) or a longer one, then diagnose debug enable.\n";
  }

  private static String show(CommandContext ctx) {
    ApplianceClock own = ctx.service(Appliance.class).clock();
    SimClock sim = own.simClock();
    StringBuilder out =
        new StringBuilder("Simulation time: ")
            .append(SHOWN.format(sim.instant()))
            .append(" UTC\nSpeed: ")
            .append(mode(sim))
            .append('\n');
    if (!own.offset().isZero()) {
      out.append("Appliance time: ")
          .append(SHOWN.format(own.instant()))
          .append(" UTC (")
          .append(offset(own.offset()))
          .append(", set by execute date/time)\n");
    }
    return out.toString();
  }

  /** A skew as {@code +98d}, {@code -1d 02:30:00} or {@code +00:00:05}. */
  static String offset(Duration d) {
    Duration abs = d.abs();
    long days = abs.toDays();
    Duration rest = abs.minusDays(days);
    StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "+");
    if (days > 0) {
      sb.append(days).append('d');
    }
    if (!rest.isZero() || days == 0) {
      sb.append(days > 0 ? " " : "")
          .append(
              String.format(
                  java.util.Locale.ROOT,
                  "%02d:%02d:%02d",
                  rest.toHours(),
                  rest.toMinutesPart(),
                  rest.toSecondsPart()));
    }
    return sb.toString();
  }

  private static String mode(SimClock c) {
    return switch (c.mode()) {
      case REALTIME -> "realtime";
      case FAST_FORWARD -> "fast-forward";
      case SCALED -> String.format(java.util.Locale.ROOT, "%sx", trim(c.factor()));
    };
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static void speed(SimClock c, String typed) throws CliException {
    if ("realtime".startsWith(typed) && !typed.isEmpty()) {
      c.setMode(ClockMode.REALTIME);
      return;
    }
    if ("fast-forward".startsWith(typed) && !typed.isEmpty()) {
      c.setMode(ClockMode.FAST_FORWARD);
      return;
    }
    Matcher m = FACTOR.matcher(typed);
    double f = m.matches() ? Double.parseDouble(m.group(1)) : 0;
    if (!(f > 0) || Double.isInfinite(f)) {
      throw new CliException(
          "invalid speed '" + typed + "': use realtime, fast-forward or a factor" + " such as 60x",
          ReturnCodes.INVALID);
    }
    c.setScale(f);
  }

  /**
   * Parses {@code 90s}, {@code 30m}, {@code 12h}, {@code 1d}, {@code 2w} and sums like {@code
   * 1d12h}.
   */
  static Duration duration(String typed) throws CliException {
    Matcher m = DURATION_PART.matcher(typed);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < typed.length() && m.find(at) && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      at = m.end();
    }
    if (at == 0 || at != typed.length()) {
      throw new CliException(
          "invalid duration '" + typed + "': use e.g. 90s, 30m, 12h, 1d, 2w or 1d12h",
          ReturnCodes.INVALID);
    }
    return total;
  }

  private static Instant instant(String date, String time) throws CliException {
    try {
      return LocalDate.parse(date).atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new CliException(
          "invalid date/time '" + date + " " + time + "': use yyyy-mm-dd hh:mm:ss",
          ReturnCodes.INVALID);
    }
  }

  private static SimClock clock(CommandContext ctx) {
    return ctx.service(Appliance.class).clock().simClock();
  }
}
