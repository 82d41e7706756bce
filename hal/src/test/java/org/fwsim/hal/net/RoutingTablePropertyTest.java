package org.fwsim.hal.net;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.fwsim.hal.testing.TestNetwork.withDistance;
import static org.fwsim.hal.testing.TestNetwork.withEnabled;
import static org.fwsim.hal.testing.TestNetwork.withPriority;
import static org.fwsim.hal.testing.TestNetwork.withStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random routing tables checked against a brute-force lookup written out plainly here: scan every
 * configured route, keep the usable ones that contain the destination, then longest prefix, lowest
 * distance, lowest priority, and the ECMP member by the same hash.
 */
class RoutingTablePropertyTest {

  private static final int TABLES = 30;
  private static final int LOOKUPS_PER_TABLE = 2_000;

  @Test
  void indexedLookupAgreesWithBruteForce() {
    long seed = Long.getLong("fwsim.seed", 20_261_123L);
    Random random = new Random(seed);
    int filtered = 0;
    for (int table = 0; table < TABLES; table++) {
      filtered += checkOneTable(random, seed, table) >= PrefixIndex.FILTER_THRESHOLD ? 1 : 0;
    }
    // both index variants (with and without the length filter) must have been exercised
    assertTrue(filtered > 0 && filtered < TABLES, "tables using the length filter: " + filtered);
  }

  /** Returns the number of prefixes in the table's FIB. */
  private static int checkOneTable(Random random, long seed, int table) {
    RoutingTable t = new RoutingTable("root");
    List<NetworkInterface> nics = new ArrayList<>();
    int nicCount = 2 + random.nextInt(8);
    for (int i = 0; i < nicCount; i++) {
      // few distinct subnets so gateways often resolve; some interfaces down or unaddressed
      int address = Ip4.of(10, random.nextInt(4), random.nextInt(3), 1 + random.nextInt(250));
      NetworkInterface nic =
          withAddress(
              NetworkInterface.of("port" + i, NetworkInterface.Type.PHYSICAL, "root"),
              random.nextInt(10) == 0 ? 0 : address,
              random.nextInt(10) == 0 ? 0 : 16 + random.nextInt(9));
      if (random.nextInt(4) == 0) {
        nic = withStatus(nic, NetworkInterface.Status.DOWN);
      } else if (random.nextInt(8) == 0) {
        nic = nic.withImpairment(LinkImpairment.linkDown());
      }
      nics.add(nic);
      t.putInterface(nic);
    }
    List<Route> statics = new ArrayList<>();
    int routeCount = random.nextInt(1200);
    for (int i = 0; i < routeCount; i++) {
      // port<nicCount> does not exist
      Route r =
          Route.staticRoute(
              randomPrefix(random), randomGateway(random), "port" + random.nextInt(nicCount + 1));
      r = withDistance(r, 1 + random.nextInt(3) * 10);
      r = withPriority(r, random.nextInt(3));
      r = withEnabled(r, random.nextInt(20) != 0);
      statics.add(r);
      t.putStatic(i + 1, r);
    }
    RoutingSnapshot snapshot = t.publish();
    for (int i = 0; i < LOOKUPS_PER_TABLE; i++) {
      int dst = random.nextBoolean() ? random.nextInt() : nearSomeRoute(random, statics, nics);
      int src = random.nextInt();
      Route expected = bruteForce(nics, statics, dst, src);
      Route actual = snapshot.lookup(dst, src).orElse(null);
      assertEquals(
          expected,
          actual,
          () ->
              "seed "
                  + seed
                  + " (rerun with -Dfwsim.seed="
                  + seed
                  + "), table "
                  + table
                  + ", dst "
                  + Ip4.toString(dst)
                  + ", src "
                  + Ip4.toString(src));
    }
    return snapshot.fib().size();
  }

  private static Route bruteForce(
      List<NetworkInterface> nics, List<Route> statics, int dst, int src) {
    List<Route> usable = new ArrayList<>();
    for (NetworkInterface n : nics) {
      boolean up = n.status() == NetworkInterface.Status.UP && !n.impairment().down();
      if (up && n.address() != 0) {
        usable.add(Route.connected(new Ip4Prefix(n.address(), n.prefixLength()), n.name()));
      }
    }
    for (Route r : statics) {
      NetworkInterface device = null;
      for (NetworkInterface n : nics) {
        if (n.name().equals(r.device())) {
          device = n;
        }
      }
      boolean deviceUp =
          device != null
              && device.status() == NetworkInterface.Status.UP
              && !device.impairment().down();
      boolean gatewayOnLink =
          r.gateway() == 0
              || device != null
                  && device.address() != 0
                  && new Ip4Prefix(device.address(), device.prefixLength()).contains(r.gateway());
      if (r.enabled() && deviceUp && gatewayOnLink) {
        usable.add(r);
      }
    }
    List<Route> best = new ArrayList<>();
    for (Route r : usable) {
      if (!r.dst().contains(dst)) {
        continue;
      }
      if (!best.isEmpty()) {
        Route b = best.get(0);
        int cmp =
            r.dst().length() != b.dst().length()
                ? Integer.compare(b.dst().length(), r.dst().length())
                : r.distance() != b.distance()
                    ? Integer.compare(r.distance(), b.distance())
                    : Integer.compare(r.priority(), b.priority());
        if (cmp > 0) {
          continue;
        }
        if (cmp < 0) {
          best.clear();
        }
      }
      best.add(r);
    }
    if (best.isEmpty()) {
      return null;
    }
    best.sort(
        Comparator.comparingInt(Route::gateway)
            .thenComparing(Route::device)); // all 10.x: signed ok
    return best.get(RoutingSnapshot.ecmpIndex(dst, src, best.size()));
  }

  private static Ip4Prefix randomPrefix(Random random) {
    int length = random.nextInt(8) == 0 ? random.nextInt(33) : 8 + random.nextInt(17);
    // a narrow address space so prefixes nest and overlap often
    int address =
        Ip4.of(20 + random.nextInt(3), random.nextInt(4), random.nextInt(256), random.nextInt(256));
    return Ip4Prefix.of(address, length);
  }

  private static int randomGateway(Random random) {
    return random.nextInt(10) == 0
        ? 0
        : Ip4.of(10, random.nextInt(4), random.nextInt(3), 1 + random.nextInt(250));
  }

  private static int nearSomeRoute(
      Random random, List<Route> statics, List<NetworkInterface> nics) {
    if (!statics.isEmpty() && random.nextInt(4) != 0) {
      Ip4Prefix p = statics.get(random.nextInt(statics.size())).dst();
      int hostBits = p.length() == 32 ? 0 : random.nextInt() & ~p.mask();
      return p.network() | hostBits;
    }
    return nics.get(random.nextInt(nics.size())).address() ^ random.nextInt(256);
  }
}
