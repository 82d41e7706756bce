package org.fwsim.testbench.dns;

import java.net.Inet4Address;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The names the fleet answers for and the IPv4 address of each, with a count of the questions asked
 * (so that a storm whose validations fail can say whether its DNS was asked at all). Names are
 * compared without case and without the root's trailing dot. Any thread.
 */
public final class FleetZone {

  private final Map<String, Inet4Address> addresses = new ConcurrentHashMap<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();

  /** {@code name} resolves to {@code address} from now on. */
  public void put(String name, Inet4Address address) {
    addresses.put(canonical(name), address);
  }

  /** The address of {@code name}, counting the question; empty for a name not in the zone. */
  Optional<Inet4Address> lookup(String name) {
    Inet4Address a = addresses.get(canonical(name));
    (a == null ? unknown : answered).incrementAndGet();
    return Optional.ofNullable(a);
  }

  /**
   * The questions asked so far.
   *
   * @param inZone for a name of the zone (answered)
   * @param other for other names (answered NXDOMAIN)
   */
  public record Questions(long inZone, long other) {}

  /** The questions asked so far, both counts read now. */
  public Questions questions() {
    return new Questions(answered.get(), unknown.get());
  }

  private static String canonical(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
