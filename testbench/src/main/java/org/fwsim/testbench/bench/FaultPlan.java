package org.fwsim.testbench.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fwsim.testbench.ca.CaFaults;
import org.fwsim.testbench.cli.DurationConverter;
import org.fwsim.testbench.cli.ParsingConverter;

/**
 * The faults of one storm, parsed from {@code --faults}: a comma-separated list of {@code
 * ca-down:<dur>}, {@code slow:<ms>}, {@code http500:<fraction>}, {@code garbage:<fraction>}, {@code
 * pending:<fraction>}, {@code badrequest:<fraction>} and {@code link-down}.
 *
 * <p>Every fraction is the share of requests the embedded CA answers that way, drawn per request
 * from its seeded random source, and the faults compose: {@code ca-down} refuses connections from
 * the storm's start for its duration; {@code http500} and {@code garbage} hold for {@link
 * #SWITCH_WINDOW} from the moment the CA is up (so a CA that is down never hides them); {@code
 * pending}, {@code badrequest} and {@code slow} hold for the whole storm; {@code link-down} takes
 * port1 down for {@link #SWITCH_WINDOW} from the start. Then retries must bring every device
 * through. {@link #blame} names the fault behind a failure.
 *
 * @param caDown how long the CA refuses connections from the storm's start; zero for never
 * @param slowMillis delay of every CA answer
 * @param http500 share of requests answered HTTP 500 in the window
 * @param garbage share of PKIOperations answered with a 25-byte non-pkiMessage body in the window
 * @param pending share of requests answered PENDING
 * @param badRequest share of PKIOperations answered FAILURE badRequest
 * @param linkDown port1 of every device down (by its CLI) for the window from the storm's start
 */
public record FaultPlan(
    Duration caDown,
    long slowMillis,
    double http500,
    double garbage,
    double pending,
    double badRequest,
    boolean linkDown) {

  /** How long HTTP 500, garbage (once the CA is up) and link-down stay on. */
  public static final Duration SWITCH_WINDOW = Duration.ofMinutes(10);

  /** No faults. */
  public static final FaultPlan NONE = new FaultPlan(Duration.ZERO, 0, 0, 0, 0, 0, false);

  /** Parses {@code --faults}; an empty or null text is no fault. */
  public static FaultPlan parse(String text) {
    FaultPlan p = NONE;
    if (text == null || text.isBlank()) {
      return p;
    }
    for (String item : text.split(",")) {
      String t = item.strip().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        continue;
      }
      int colon = t.indexOf(':');
      String kind = colon < 0 ? t : t.substring(0, colon);
      String arg = colon < 0 ? null : t.substring(colon + 1);
      p =
          switch (kind) {
            case "ca-down" ->
                new FaultPlan(
                    duration(item, need(item, arg)),
                    p.slowMillis,
                    p.http500,
                    p.garbage,
                    p.pending,
                    p.badRequest,
                    p.linkDown);
            case "slow" ->
                new FaultPlan(
                    p.caDown,
                    millis(item, need(item, arg)),
                    p.http500,
                    p.garbage,
                    p.pending,
                    p.badRequest,
                    p.linkDown);
            case "http500" ->
                new FaultPlan(
                    p.caDown,
                    p.slowMillis,
                    fraction(item, need(item, arg)),
                    p.garbage,
                    p.pending,
                    p.badRequest,
                    p.linkDown);
            case "garbage" ->
                new FaultPlan(
                    p.caDown,
                    p.slowMillis,
                    p.http500,
                    fraction(item, need(item, arg)),
                    p.pending,
                    p.badRequest,
                    p.linkDown);
            case "pending" ->
                new FaultPlan(
                    p.caDown,
                    p.slowMillis,
                    p.http500,
                    p.garbage,
                    fraction(item, need(item, arg)),
                    p.badRequest,
                    p.linkDown);
            case "badrequest" ->
                new FaultPlan(
                    p.caDown,
                    p.slowMillis,
                    p.http500,
                    p.garbage,
                    p.pending,
                    fraction(item, need(item, arg)),
                    p.linkDown);
            case "link-down" -> {
              if (arg != null) {
                throw new IllegalArgumentException(
                    "--faults: 'link-down' takes no value, got '" + item.strip() + "'");
              }
              yield new FaultPlan(
                  p.caDown, p.slowMillis, p.http500, p.garbage, p.pending, p.badRequest, true);
            }
            default ->
                throw new IllegalArgumentException(
                    "--faults: unknown fault '"
                        + item.strip()
                        + "' (ca-down:<dur>, slow:<ms>, http500:<f>, garbage:<f>, pending:<f>,"
                        + " badrequest:<f>, link-down)");
          };
    }
    return p;
  }

  /** The CA's faults {@code sinceStart} after the storm's start. */
  public CaFaults at(Duration sinceStart, double pendingRatio) {
    boolean down = sinceStart.compareTo(caDown) < 0;
    boolean switched = !down && sinceStart.compareTo(caDown.plus(SWITCH_WINDOW)) < 0;
    return new CaFaults(
        down,
        slowMillis,
        switched ? http500 : 0,
        switched ? garbage : 0,
        Math.max(pending, pendingRatio),
        badRequest);
  }

  /**
   * When, after the storm's start, the CA's faults change ({@link #at} differs from just before),
   * in order; empty when they never do.
   */
  public List<Duration> changes() {
    List<Duration> at = new ArrayList<>();
    if (!caDown.isZero()) {
      at.add(caDown);
    }
    if (http500 > 0 || garbage > 0) {
      at.add(caDown.plus(SWITCH_WINDOW));
    }
    return at;
  }

  /**
   * The fault behind a failure of this kind (a {@code FailureKind} label), or null when no fault of
   * this plan gives that kind: such a failure is the system's own, not an injected one.
   */
  public String blame(String kind) {
    return switch (kind) {
      case "connection" -> caDown.isZero() ? null : "ca-down";
      case "http 500" -> http500 > 0 ? "http500" : null;
      case "bad reply" -> garbage > 0 ? "garbage" : null;
      case "failInfo badrequest" -> badRequest > 0 ? "badrequest" : null;
      case "pending" -> pending > 0 ? "pending" : null;
      case "egress down" -> linkDown ? "link-down" : null;
      case "timeout" -> slowMillis > 0 ? "slow" : null;
      default -> null;
    };
  }

  /** The kind as a storm's report counts it: with the fault behind it, when there is one. */
  public String label(String kind) {
    String fault = blame(kind);
    return fault == null ? kind : kind + " [" + fault + "]";
  }

  /** Whether any fault is injected: a storm with faults has no efficiency to speak of. */
  public boolean any() {
    return !equals(NONE);
  }

  /** The faults as given, for the report's parameters. */
  public List<String> describe() {
    List<String> d = new ArrayList<>();
    if (!caDown.isZero()) {
      d.add("ca-down:" + caDown.toSeconds() + "s");
    }
    if (slowMillis > 0) {
      d.add("slow:" + slowMillis);
    }
    if (http500 > 0) {
      d.add("http500:" + http500);
    }
    if (garbage > 0) {
      d.add("garbage:" + garbage);
    }
    if (pending > 0) {
      d.add("pending:" + pending);
    }
    if (badRequest > 0) {
      d.add("badrequest:" + badRequest);
    }
    if (linkDown) {
      d.add("link-down");
    }
    return d;
  }

  private static String need(String item, String arg) {
    if (arg == null || arg.isEmpty()) {
      throw new IllegalArgumentException(
          "--faults: '" + item.strip() + "' needs a value after ':'");
    }
    return arg;
  }

  private static double fraction(String item, String arg) {
    try {
      double f = Double.parseDouble(arg);
      if (f >= 0 && f <= 1) {
        return f;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(
        "--faults: '" + item.strip() + "' needs a fraction in [0, 1]");
  }

  private static long millis(String item, String arg) {
    try {
      long ms = Long.parseLong(arg.endsWith("ms") ? arg.substring(0, arg.length() - 2) : arg);
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("--faults: '" + item.strip() + "' needs milliseconds >= 0");
  }

  /** {@code arg} as a duration, or an error that names {@code what} it is for. */
  static Duration duration(String what, String arg) {
    try {
      return DurationConverter.parse(arg);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code --faults}. */
  public static final class Converter extends ParsingConverter<FaultPlan> {
    public Converter() {
      super(FaultPlan::parse);
    }
  }
}
