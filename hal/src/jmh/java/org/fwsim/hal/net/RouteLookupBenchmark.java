package org.fwsim.hal.net;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.fwsim.hal.testing.TestNetwork.withDistance;
import static org.fwsim.hal.testing.TestNetwork.withPriority;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route lookup in a large table: the published snapshot's index against a linear scan of the same
 * active routes (the baseline, measured in the same run so the ratio is meaningful).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteLookupBenchmark {

  @Param({"10000"})
  int routes;

  private RoutingTable table;
  private RoutingSnapshot snapshot;
  private Route[] active;
  private int[] destinations;
  private int next;

  @Setup
  public void build() {
    Random random = new Random(1);
    table = new RoutingTable("root");
    for (int i = 0; i < 8; i++) {
      table.putInterface(
          withAddress(
              NetworkInterface.of("port" + (i + 1), NetworkInterface.Type.PHYSICAL, "root"),
              Ip4.of(10, 255, i, 1),
              24));
    }
    table.addStatic(Route.staticRoute(Ip4Prefix.DEFAULT, Ip4.of(10, 255, 0, 254), "port1"));
    while (table.staticRoutes().size() < routes) {
      int port = random.nextInt(8);
      Ip4Prefix dst = Ip4Prefix.of(random.nextInt(), 8 + random.nextInt(25));
      table.addStatic(
          withPriority(
              withDistance(
                  Route.staticRoute(dst, Ip4.of(10, 255, port, 254), "port" + (port + 1)),
                  1 + random.nextInt(20)),
              random.nextInt(4)));
    }
    snapshot = table.publish();
    active = snapshot.activeRoutes().toArray(Route[]::new);
    destinations = new int[4096];
    List<Route> all = snapshot.activeRoutes();
    for (int i = 0; i < destinations.length; i++) {
      // half hit a specific route, half fall through to shorter prefixes or the default
      Ip4Prefix p = all.get(random.nextInt(all.size())).dst();
      destinations[i] =
          i % 2 == 0 ? p.network() | (random.nextInt() & ~p.mask()) : random.nextInt();
    }
  }

  private int nextDestination() {
    int i = next;
    next = (i + 1) & (destinations.length - 1);
    return destinations[i];
  }

  @Benchmark
  public Route indexed() {
    return snapshot.lookup(nextDestination()).orElse(null);
  }

  /** What one republish of the whole table costs the owner (microseconds range expected). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public RoutingSnapshot publish() {
    return table.publish();
  }

  @Benchmark
  public Route linearScanBaseline() {
    int dst = nextDestination();
    Route best = null;
    for (Route r : active) {
      if (!r.dst().contains(dst)) {
        continue;
      }
      if (best == null
          || r.dst().length() > best.dst().length()
          || r.dst().length() == best.dst().length()
              && (r.distance() < best.distance()
                  || r.distance() == best.distance() && r.priority() < best.priority())) {
        best = r;
      }
    }
    return best;
  }
}
