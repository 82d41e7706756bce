package org.fwsim.hal;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.fwsim.hal.testing.TestNetwork.withStatus;
import static org.fwsim.hal.testing.TestNetwork.withVdom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.pki.KeyType;
import org.junit.jupiter.api.Test;

class HypervisorTest {

  private static final Instant START = Instant.parse("2025-11-24T11:00:00Z");

  @Test
  void startsAndStopsLeavingNoThreadBehind() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Hypervisor hv =
        Hypervisor.builder(SimClock.realtime(START))
            .workers(2)
            .keygenThreads(1)
            .registry(registry)
            .build();

    // Use every part that owns threads: workers, scheduler, event loops, key generation.
    List<Appliance> fleet = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      fleet.add(hv.newAppliance(String.format("FGVM02TM24%06d", i + 1), "FGVM" + i));
    }
    CountDownLatch ran = new CountDownLatch(fleet.size());
    fleet.forEach(a -> a.execute(ran::countDown));
    assertTrue(ran.await(10, TimeUnit.SECONDS));
    CountDownLatch timer = new CountDownLatch(1);
    fleet.get(0).scheduleAfter(Duration.ofMillis(10), timer::countDown);
    assertTrue(timer.await(10, TimeUnit.SECONDS));
    hv.keys()
        .fillAsync(KeyType.EC_P256, 4, hv.keygenExecutor())
        .completion()
        .get(10, TimeUnit.SECONDS);
    Channel server =
        (Channel)
            hv.underlay()
                .listen(Ip4.parse("127.0.0.9"), 80, new ChannelInboundHandlerAdapter())
                .get(10, TimeUnit.SECONDS);
    assertTrue(server.isActive());
    assertTrue(registry.get("fwsim.mailbox.messages").functionCounter().count() >= 101);
    assertEquals(100.0, registry.get("fwsim.appliances").gauge().value());

    Set<Thread> started =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t))
            .collect(Collectors.toSet());
    assertFalse(started.isEmpty(), "the hypervisor should have started threads");

    hv.close();

    for (Thread t : started) {
      t.join(10_000);
    }
    List<String> alive = started.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    assertTrue(alive.isEmpty(), "threads left behind: " + alive);
    assertThrows(IllegalStateException.class, () -> hv.newAppliance("FGVM02TM24999999", "x"));
  }

  @Test
  void appliancesGetDenseIdsAndRunTheirMessagesInOrder() throws Exception {
    try (Hypervisor hv =
        Hypervisor.builder(SimClock.fastForward(START)).workers(2).keygenThreads(1).build()) {
      Appliance a = hv.newAppliance("FGVM02TM24000001", "FGVM01");
      Appliance b = hv.newAppliance("FGVM02TM24000002", "FGVM02");
      assertEquals(0, a.id());
      assertEquals(1, b.id());
      assertEquals(b, hv.appliance(1));

      List<Integer> seen = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 1000; i++) {
        int n = i;
        a.execute(() -> seen.add(n));
      }
      assertEquals(999, a.call(() -> seen.get(seen.size() - 1)).get(10, TimeUnit.SECONDS));
      for (int i = 0; i < 1000; i++) {
        assertEquals(i, seen.get(i));
      }
    }
  }

  @Test
  void runCompletesAfterItsTaskInTurnOrFailsWithIt() throws Exception {
    try (Hypervisor hv =
        Hypervisor.builder(SimClock.fastForward(START)).workers(1).keygenThreads(1).build()) {
      Appliance a = hv.newAppliance("FGVM02TM24000001", "FGVM01");
      List<String> seen = new CopyOnWriteArrayList<>();
      a.execute(() -> seen.add("posted first"));
      a.run(() -> seen.add("run")).get(10, TimeUnit.SECONDS);
      assertEquals(List.of("posted first", "run"), seen);
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  a.run(
                          () -> {
                            throw new IllegalStateException("refused");
                          })
                      .get(10, TimeUnit.SECONDS));
      assertEquals("refused", e.getCause().getMessage());
    }
  }

  @Test
  void fastForwardJumpsToAnApplianceTimerWhenQuiet() throws Exception {
    SimClock clock = SimClock.fastForward(START);
    try (Hypervisor hv = Hypervisor.builder(clock).workers(1).keygenThreads(1).build()) {
      Appliance a = hv.newAppliance("FGVM02TM24000001", "FGVM01");
      CountDownLatch fired = new CountDownLatch(1);
      Instant[] at = new Instant[1];
      a.scheduleAfter(
          Duration.ofDays(358),
          () -> {
            at[0] = a.clock().instant();
            fired.countDown();
          });
      assertTrue(fired.await(10, TimeUnit.SECONDS), "a year should pass in well under 10 s");
      assertEquals(START.plus(Duration.ofDays(358)), at[0]);
    }
  }

  @Test
  void zeroWorkerModeIsDrivenByTheCaller() {
    SimClock clock = SimClock.fastForward(START);
    try (Hypervisor hv = Hypervisor.builder(clock).workers(0).keygenThreads(1).build()) {
      Appliance a = hv.newAppliance("FGVM02TM24000001", "FGVM01");
      // An appliance 1 hour ahead: its 12:00 is the simulation's 11:00.
      a.clock().setOffset(Duration.ofHours(1));
      List<String> events = new ArrayList<>();
      a.scheduleAt(Instant.parse("2025-11-24T13:00:00Z"), () -> events.add("timer"));
      a.execute(() -> events.add("message"));
      hv.runUntilIdle();
      assertEquals(List.of("message"), events);

      hv.scheduler().advanceToNextDeadline();
      hv.runUntilIdle();
      assertEquals(List.of("message", "timer"), events);
      assertEquals(Instant.parse("2025-11-24T12:00:00Z"), clock.instant());
    }
  }

  @Test
  void interfacesDriveTheirVdomRoutingTables() {
    try (Hypervisor hv = Hypervisor.builder(SimClock.fastForward(START)).workers(0).build()) {
      Appliance a = hv.newAppliance("FGVM02TM24000001", "FGVM01");
      a.vdoms().getOrCreate("customer");
      NetworkInterface port1 =
          withAddress(
              NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "root"),
              "192.168.1.99/24");
      a.putInterface(port1);
      a.putInterface(
          withAddress(
              NetworkInterface.of("port2", NetworkInterface.Type.PHYSICAL, "root"),
              "10.5.149.1 255.255.255.0"));

      int dst = Ip4.parse("10.5.149.111");
      assertEquals("port2", a.vdoms().root().routes().lookup(dst).orElseThrow().device());
      assertEquals(3, a.ifindex("port1"));
      assertEquals(4, a.ifindex("port2"));

      // Moving port2 to another VDOM moves its connected route with it.
      a.putInterface(withVdom(a.findInterface("port2").orElseThrow(), "customer"));
      assertTrue(a.vdoms().root().routes().lookup(dst).isEmpty());
      assertEquals(
          "port2",
          a.vdoms().find("customer").orElseThrow().routes().lookup(dst).orElseThrow().device());
      assertEquals(4, a.ifindex("port2"), "ifindex is stable across changes");

      // A down interface withdraws its routes.
      a.putInterface(
          withStatus(a.findInterface("port1").orElseThrow(), NetworkInterface.Status.DOWN));
      assertTrue(a.vdoms().root().routes().lookup(Ip4.parse("192.168.1.5")).isEmpty());

      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  a.putInterface(
                      NetworkInterface.of("port3", NetworkInterface.Type.PHYSICAL, "nope")));
      assertTrue(e.getMessage().contains("'nope' does not exist"), e.getMessage());
      assertTrue(a.removeInterface("port1"));
      assertFalse(a.removeInterface("port1"));
      assertEquals(Set.of("port2"), a.interfaces().keySet());
    }
  }

  @Test
  void underlayGivesEachApplianceInterfaceItsOwnLoopbackSource() throws Exception {
    try (Hypervisor hv = Hypervisor.builder(SimClock.realtime(START)).workers(1).build()) {
      List<InetSocketAddress> sources = new CopyOnWriteArrayList<>();
      CountDownLatch accepted = new CountDownLatch(2);
      Channel server =
          (Channel)
              hv.underlay()
                  .listen(Ip4.parse("127.0.0.9"), 80, new RecordSource(sources, accepted))
                  .get(10, TimeUnit.SECONDS);
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      for (int i = 0; i < 2; i++) {
        Appliance a = hv.newAppliance(String.format("FGVM02TM24%06d", i + 1), "FGVM0" + i);
        NetworkInterface wan =
            withAddress(
                NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "root"),
                "10.0.0.1/24"); // the same simulated address on both appliances
        a.putInterface(wan);
        hv.underlay()
            .connect(a.id(), wan, Ip4.parse("127.0.0.9"), port, new ChannelInboundHandlerAdapter())
            .get(10, TimeUnit.SECONDS);
      }
      assertTrue(accepted.await(10, TimeUnit.SECONDS));
      Set<String> hosts =
          sources.stream().map(s -> s.getAddress().getHostAddress()).collect(Collectors.toSet());
      assertEquals(
          2, hosts.size(), "same simulated address, two appliances, two sources: " + hosts);
      assertFalse(hosts.contains("127.0.0.1"));
    }
  }

  /** Records each accepted connection's source address, then closes it. */
  @ChannelHandler.Sharable
  private static final class RecordSource extends ChannelInboundHandlerAdapter {
    private final List<InetSocketAddress> sources;
    private final CountDownLatch accepted;

    RecordSource(List<InetSocketAddress> sources, CountDownLatch accepted) {
      this.sources = sources;
      this.accepted = accepted;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      sources.add((InetSocketAddress) ctx.channel().remoteAddress());
      accepted.countDown();
      ctx.close();
    }
  }
}
