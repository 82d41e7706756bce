package org.fwsim.firmware.sniffer;

import java.time.ZoneId;

/**
 * What one {@code diagnose sniffer packet} asked for. Immutable.
 *
 * @param interfaceName a simulated interface, or {@code any}
 * @param filterText the filter as typed, echoed in {@code filters=[...]}
 * @param verbosity 1..6 as FortiOS defines them
 * @param count how many packets to show before stopping, 0 for no limit
 * @param zone where {@code a} (UTC) or {@code l} (the appliance's timezone) puts absolute times;
 *     null for times relative to the start
 */
public record SnifferOptions(
    String interfaceName,
    String filterText,
    SnifferFilter filter,
    int verbosity,
    long count,
    ZoneId zone) {

  /** Whether the interface name and direction precede each packet (4, 5, 6). */
  public boolean showsInterface() {
    return verbosity >= 4;
  }

  /** Whether a hex dump follows each header line: from IP (2, 5) or from Ethernet (3, 6). */
  public boolean dumps() {
    return verbosity != 1 && verbosity != 4;
  }

  /** Whether the hex dump starts at the Ethernet header (3, 6). */
  public boolean dumpsEthernet() {
    return verbosity == 3 || verbosity == 6;
  }

  /** Whether a packet on {@code name} is one this sniffer listens to. */
  public boolean listensOn(String name) {
    return interfaceName.equals("any") || interfaceName.equals(name);
  }
}
