package org.fwsim.firmware.egress;

import java.util.List;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.LinkImpairment;
import org.fwsim.hal.net.NetworkInterface;

/**
 * The simulator's console command {@code sim link <interface> up|down|latency <ms>|loss <percent>}:
 * sets the link faults of an interface (not part of FortiOS; it stands for pulling a cable or a bad
 * ISP line). Probes and traffic see it at once through the underlay.
 */
public final class SimLinkCommand {

  /** Printed for malformed input. */
  public static final String USAGE =
      "usage: sim link <interface> up|down|latency <ms>|loss <percent>";

  private SimLinkCommand() {}

  /**
   * Applies {@code args} (after {@code sim link}) to the appliance and returns the line to print.
   * Runs on the appliance's mailbox (it changes an interface).
   *
   * @throws IllegalArgumentException with the usage or naming the bad value or interface
   */
  public static String run(Appliance appliance, List<String> args) {
    if (args.size() < 2) {
      throw new IllegalArgumentException(USAGE);
    }
    String name = args.get(0);
    NetworkInterface nic =
        appliance
            .findInterface(name)
            .orElseThrow(
                () -> new IllegalArgumentException("interface " + name + " does not exist"));
    LinkImpairment now = nic.impairment();
    String verb = args.get(1);
    LinkImpairment next =
        switch (verb) {
          case "up" -> now.withDown(false);
          case "down" -> now.withDown(true);
          case "latency" -> now.withLatencyMillis(number(args, "latency", 0, 60_000));
          case "loss" -> now.withLossPercent(number(args, "loss", 0, 100));
          default ->
              throw new IllegalArgumentException("unknown link action '" + verb + "'; " + USAGE);
        };
    if (("up".equals(verb) || "down".equals(verb)) && args.size() != 2) {
      throw new IllegalArgumentException(USAGE);
    }
    appliance.putInterface(nic.withImpairment(next));
    return "link "
        + name
        + ": "
        + (next.down() ? "down" : "up")
        + ", latency "
        + next.latencyMillis()
        + " ms, loss "
        + next.lossPercent()
        + "%";
  }

  private static int number(List<String> args, String what, int min, int max) {
    if (args.size() != 3) {
      throw new IllegalArgumentException(USAGE);
    }
    String text = args.get(2);
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
    }
    return value;
  }
}
