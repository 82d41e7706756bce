package org.fwsim.hal.net;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.fwsim.hal.testing.TestNetwork.withStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnderlayTest {

  /**
   * How long a test awaits a condition before calling it lost: far beyond any loaded machine's
   * delay, so a slow run passes and only a missing completion fails.
   */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final int CA = Ip4.parse("10.0.0.100");
  private static final int APPLIANCE = 7;

  private static Transports transports;
  private static Channel server;
  private static final ConcurrentLinkedQueue<InetSocketAddress> peers =
      new ConcurrentLinkedQueue<>();
  private static volatile CountDownLatch accepted = new CountDownLatch(0);

  private final NetworkInterface port1 = nic("port1", "10.0.1.1/24");
  private final NetworkInterface port2 = nic("port2", "192.168.1.99/24");
  private Underlay underlay;

  @BeforeAll
  static void startLoopbackServer() throws InterruptedException {
    transports = Transports.create(1);
    server = serverOn127002(recordingPeers());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close().sync();
    transports.shutdownGracefully(0, 2000).sync();
  }

  @BeforeEach
  void newUnderlay() {
    underlay = new Underlay(transports, new Random(42), IoTracker.NONE);
    underlay.map(
        new InetSocketAddress(Ip4.toInetAddress(CA), 443),
        (InetSocketAddress) server.localAddress());
    peers.clear();
  }

  private static NetworkInterface nic(String name, String cidr) {
    return withAddress(NetworkInterface.of(name, NetworkInterface.Type.PHYSICAL, "root"), cidr);
  }

  /** Records each accepted connection's peer, then closes it. */
  private static ChannelInitializer<Channel> recordingPeers() {
    return each(
        () ->
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                peers.add((InetSocketAddress) ctx.channel().remoteAddress());
                accepted.countDown();
                ctx.close();
              }
            });
  }

  /** An initializer that gives each channel a handler of its own. */
  private static ChannelInitializer<Channel> each(Supplier<ChannelHandler> handler) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(handler.get());
      }
    };
  }

  private static ChannelInitializer<Channel> noop() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {}
    };
  }

  private static Channel await(Future<Channel> f) throws InterruptedException {
    assertTrue(f.await(WAIT.toSeconds(), TimeUnit.SECONDS), "connect did not finish in " + WAIT);
    if (!f.isSuccess()) {
      throw new AssertionError("connect failed: " + f.cause(), f.cause());
    }
    return f.getNow();
  }

  private static String failureOf(Future<Channel> f) throws InterruptedException {
    assertTrue(f.await(WAIT.toSeconds(), TimeUnit.SECONDS), "connect did not finish in " + WAIT);
    assertFalse(f.isSuccess(), "connect should have failed");
    assertTrue(f.cause() instanceof ConnectException, String.valueOf(f.cause()));
    return f.cause().getMessage();
  }

  @Test
  void eachInterfaceReachesTheServerFromItsOwnLoopbackAddress() throws Exception {
    accepted = new CountDownLatch(2);
    Channel a = await(underlay.connect(APPLIANCE, port1, CA, 443, noop()));
    Channel b = await(underlay.connect(APPLIANCE, port2, CA, 443, noop()));
    assertTrue(
        accepted.await(WAIT.toSeconds(), TimeUnit.SECONDS),
        "server did not accept both connections");
    a.close().sync();
    b.close().sync();

    List<InetAddress> sources = peers.stream().map(InetSocketAddress::getAddress).toList();
    assertEquals(2, Set.copyOf(sources).size(), "two interfaces, two distinct sources: " + sources);
    InetAddress loopbackOne = InetAddress.getByName("127.0.0.1");
    for (InetAddress source : sources) {
      assertTrue(source.isLoopbackAddress(), source.toString());
      assertNotEquals(loopbackOne, source);
    }
    Set<Integer> expected =
        Set.of(
            underlay.hostAddressOf(APPLIANCE, port1.address()),
            underlay.hostAddressOf(APPLIANCE, port2.address()));
    assertEquals(expected, Set.copyOf(sources.stream().map(Ip4::fromInetAddress).toList()));
    Underlay.Binding who = underlay.bindingOf(Ip4.fromInetAddress(sources.get(0))).orElseThrow();
    assertEquals(APPLIANCE, who.applianceId());
    assertTrue(who.simAddress() == port1.address() || who.simAddress() == port2.address());
  }

  @Test
  void allocationIsStablePerKeySkipsHostBytesZeroAnd255AndNever127001() {
    Underlay shifted =
        new Underlay(
            transports.group(),
            transports.socketChannelClass(),
            transports.serverChannelClass(),
            252,
            new Random(1),
            IoTracker.NONE);
    int first = shifted.hostAddressOf(1, port1.address());
    int second = shifted.hostAddressOf(1, port2.address());
    int third = shifted.hostAddressOf(2, port1.address()); // same address, other appliance
    assertEquals("127.1.0.253", Ip4.toString(first));
    assertEquals("127.1.0.254", Ip4.toString(second));
    assertEquals("127.1.1.1", Ip4.toString(third));
    assertEquals(first, shifted.hostAddressOf(1, port1.address()), "stable for the same key");
    assertEquals("127.1.0.1", Ip4.toString(underlay.hostAddressOf(0, port1.address())));
    assertEquals(
        "127.255.255.254",
        Ip4.toString(LoopbackAllocator.addressAt(LoopbackAllocator.CAPACITY - 1)));
    assertTrue(
        assertThrows(
                IllegalStateException.class,
                () -> LoopbackAllocator.addressAt(LoopbackAllocator.CAPACITY))
            .getMessage()
            .contains("exhausted"));
    Random random = new Random(5);
    for (int i = 0; i < 10_000; i++) {
      int host = LoopbackAllocator.addressAt(random.nextInt((int) LoopbackAllocator.CAPACITY));
      assertTrue(
          Ip4.isLoopback(host)
              && (host & 0xff) != 0
              && (host & 0xff) != 255
              && (host >>> 16) != 0x7f00,
          Ip4.toString(host));
    }
  }

  @Test
  void downInterfaceFailsAtOnceNamingIt() throws Exception {
    Future<Channel> admin =
        underlay.connect(
            APPLIANCE, withStatus(port1, NetworkInterface.Status.DOWN), CA, 443, noop());
    assertTrue(admin.isDone(), "fails at once");
    assertTrue(
        failureOf(admin).contains("interface port1 is administratively down"), failureOf(admin));
    Future<Channel> link =
        underlay.connect(
            APPLIANCE, port2.withImpairment(LinkImpairment.linkDown()), CA, 443, noop());
    assertTrue(link.isDone(), "fails at once");
    assertTrue(failureOf(link).contains("interface port2 link is down"), failureOf(link));
    Future<Channel> unaddressed =
        underlay.connect(
            APPLIANCE,
            NetworkInterface.of("port3", NetworkInterface.Type.PHYSICAL, "root"),
            CA,
            443,
            noop());
    assertTrue(failureOf(unaddressed).contains("interface port3 has no IP address"));
  }

  @Test
  void aSimulatedHostAnswersExchangesSubjectToItsLink() throws Exception {
    assertTrue(underlay.isSimulatedHost(CA), "a mapped server's address is a host");
    assertFalse(underlay.isSimulatedHost(Ip4.parse("203.0.113.5")));
    Future<Void> ping = underlay.exchange(APPLIANCE, port1, port1.address(), CA, "ping");
    assertTrue(ping.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(ping.isSuccess(), String.valueOf(ping.cause()));

    Future<Void> nobody =
        underlay.exchange(APPLIANCE, port1, port1.address(), Ip4.parse("203.0.113.5"), "ping");
    assertTrue(nobody.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals("ping 203.0.113.5 via port1: no such host answers", nobody.cause().getMessage());

    Future<Void> down =
        underlay.exchange(
            APPLIANCE, port2.withImpairment(LinkImpairment.linkDown()), port2.address(), CA, "dns");
    assertTrue(down.isDone(), "fails at once");
    assertEquals(
        "dns 10.0.0.100 via port2: interface port2 link is down", down.cause().getMessage());

    Future<Void> lost = pingCaThrough(new LinkImpairment(false, 0, 100));
    assertTrue(lost.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(
        lost.cause().getMessage().contains("simulated loss 100%"), lost.cause().getMessage());

    long start = System.nanoTime();
    Future<Void> slow = pingCaThrough(new LinkImpairment(false, 100, 0));
    assertTrue(slow.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(slow.isSuccess());
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "latency");
  }

  /** A ping from port1 to the CA over a link with {@code impairment}. */
  private Future<Void> pingCaThrough(LinkImpairment impairment) {
    return underlay.exchange(
        APPLIANCE, port1.withImpairment(impairment), port1.address(), CA, "ping");
  }

  @Test
  void nonLoopbackEndpointsAreRefusedUnlessExplicitlyAllowed() {
    InetSocketAddress real = new InetSocketAddress("10.1.2.3", 443);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> underlay.map(new InetSocketAddress("10.0.0.200", 443), real));
    assertTrue(e.getMessage().contains("outside the loopback range"), e.getMessage());
    assertTrue(e.getMessage().contains("10.0.0.200:443"), e.getMessage());
    underlay.map(
        Ip4.parse("10.0.0.200"),
        443,
        real,
        true); // the user's explicit choice; never connected here
    assertEquals(real, underlay.resolve(Ip4.parse("10.0.0.200"), 443));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            underlay.map(
                Ip4.parse("10.0.0.200"),
                443,
                InetSocketAddress.createUnresolved("ca.lab", 443),
                true));
  }

  @Test
  void destinationsResolveByMappingOrLoopbackIdentity() throws Exception {
    assertEquals(
        new InetSocketAddress("127.0.0.9", 8080), underlay.resolve(Ip4.parse("127.0.0.9"), 8080));
    assertEquals(server.localAddress(), underlay.resolve(CA, 443));
    assertTrue(
        assertThrows(
                IllegalStateException.class, () -> underlay.resolve(Ip4.parse("203.0.113.5"), 443))
            .getMessage()
            .contains("no underlay mapping for simulated destination 203.0.113.5:443"));
    String failure =
        failureOf(underlay.connect(APPLIANCE, port1, Ip4.parse("203.0.113.5"), 443, noop()));
    assertTrue(failure.contains("no underlay mapping") && failure.contains("via port1"), failure);
  }

  @Test
  void latencyDelaysTheConnectionInRealTime() throws Exception {
    accepted = new CountDownLatch(1);
    long start = System.nanoTime();
    Future<Channel> f =
        underlay.connect(
            APPLIANCE, port1.withImpairment(new LinkImpairment(false, 150, 0)), CA, 443, noop());
    // When the attempt completed, not when this thread looked: a loaded machine may look late.
    AtomicLong done = new AtomicLong();
    f.addListener(x -> done.set(System.nanoTime()));
    await(f).close().sync();
    assertTrue(
        done.get() - start >= TimeUnit.MILLISECONDS.toNanos(150), "delay shorter than latency");
    assertTrue(accepted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void lossFollowsTheInjectedRandom() throws Exception {
    NetworkInterface lossy = port1.withImpairment(new LinkImpairment(false, 0, 50));
    Random mirror = new Random(42); // the underlay's random has the same seed
    int lost = 0;
    for (int i = 0; i < 12; i++) {
      boolean expectLost = mirror.nextInt(100) < 50;
      Future<Channel> f = underlay.connect(APPLIANCE, lossy, CA, 443, noop());
      assertTrue(f.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(expectLost, !f.isSuccess(), "attempt " + i);
      if (expectLost) {
        lost++;
        assertTrue(
            f.cause()
                .getMessage()
                .contains("attempt lost on interface port1 (simulated loss 50%)"));
      } else {
        f.getNow().close().sync();
      }
    }
    assertTrue(lost > 0 && lost < 12, "seed 42 gives a mix of outcomes: " + lost);
    assertTrue(
        failureOf(
                underlay.connect(
                    APPLIANCE,
                    port1.withImpairment(new LinkImpairment(false, 0, 100)),
                    CA,
                    443,
                    noop()))
            .contains("attempt lost"));
  }

  @Test
  void trackerSeesEveryConnectionFromStartToClose() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(3);
    IoTracker tracker =
        new IoTracker() {
          @Override
          public void ioStarted() {
            started.incrementAndGet();
            inFlight.incrementAndGet();
          }

          @Override
          public void ioFinished() {
            inFlight.decrementAndGet();
            finished.countDown();
          }
        };
    // A server that keeps connections open: the shared one closes each at once, which would
    // race with the "still in flight" assertion below.
    Channel quiet = quietServer();
    Underlay tracked = underlayTo(quiet, tracker);
    Channel open = await(tracked.connect(1, port1, CA, 443, noop()));
    assertEquals(1, inFlight.get(), "open connection is IO in flight");
    failureOf(
        tracked.connect(
            1, port1, Ip4.parse("127.0.0.3"), 1, noop())); // refused: nothing listens on port 1
    failureOf(
        tracked.connect(
            1, port1.withImpairment(new LinkImpairment(false, 0, 100)), CA, 443, noop()));
    failureOf(
        tracked.connect(
            1, withStatus(port1, NetworkInterface.Status.DOWN), CA, 443, noop())); // never started
    open.close();
    assertTrue(
        finished.await(WAIT.toSeconds(), TimeUnit.SECONDS), "every started connection must finish");
    assertEquals(3, started.get());
    assertEquals(0, inFlight.get());
    quiet.close().sync();
  }

  @Test
  void cutClosesTheLinksOpenConnectionsWithItsReasonAndLeavesOthers() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    IoTracker tracker =
        new IoTracker() {
          @Override
          public void ioStarted() {
            inFlight.incrementAndGet();
          }

          @Override
          public void ioFinished() {
            inFlight.decrementAndGet();
          }
        };
    Channel quiet = quietServer();
    Underlay tracked = underlayTo(quiet, tracker);
    ConcurrentLinkedQueue<Throwable> seen = new ConcurrentLinkedQueue<>();
    ChannelInitializer<Channel> recording =
        each(
            () ->
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    seen.add(cause);
                  }
                });
    Channel a = await(tracked.connect(1, port1, CA, 443, recording));
    Channel b = await(tracked.connect(1, port2, CA, 443, recording));
    Channel other =
        await(tracked.connect(2, port1, CA, 443, recording)); // another appliance's port1
    assertEquals(1, tracked.openConnections(1, "port1"));
    assertEquals(3, inFlight.get());

    assertEquals(1, tracked.cut(1, "port1", "interface port1 went down (link down)"));
    assertTrue(
        a.closeFuture().await(WAIT.toSeconds(), TimeUnit.SECONDS), "the cut connection must close");
    assertEquals(1, seen.size(), seen.toString());
    assertTrue(seen.peek() instanceof LinkDownException, seen.toString());
    assertEquals("interface port1 went down (link down)", seen.peek().getMessage());
    assertTrue(b.isActive(), "port2 keeps its connection");
    assertTrue(other.isActive(), "the other appliance keeps its connection");
    assertEquals(0, tracked.openConnections(1, "port1"));
    assertEquals(0, tracked.cut(1, "port1", "again"), "nothing left to cut");

    b.close().sync();
    other.close().sync();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while ((inFlight.get() != 0 || tracked.openConnections(1, "port2") != 0)
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(0, inFlight.get(), "every connection's IO token released");
    assertEquals(0, tracked.openConnections(1, "port2"), "closed channels leave the registry");
    quiet.close().sync();
  }

  @Test
  void listenBindsASimulatedServerToItsLoopbackImage() throws Exception {
    int sim = Ip4.parse("10.9.9.9");
    ConcurrentLinkedQueue<InetSocketAddress> seen = new ConcurrentLinkedQueue<>();
    CountDownLatch one = new CountDownLatch(1);
    Future<Channel> bound =
        listenClosingEach(
            sim,
            443,
            ch -> {
              seen.add((InetSocketAddress) ch.remoteAddress());
              one.countDown();
            });
    Channel listener = await(bound);
    InetSocketAddress host = (InetSocketAddress) listener.localAddress();
    assertTrue(host.getAddress().isLoopbackAddress());
    assertNotEquals(InetAddress.getByName("127.0.0.1"), host.getAddress());
    assertNotEquals(443, host.getPort(), "privileged simulated port gets an ephemeral host port");
    assertEquals(host, underlay.resolve(sim, 443));

    await(underlay.connect(APPLIANCE, port2, sim, 443, noop()))
        .closeFuture()
        .await(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(one.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(
        underlay.hostAddressOf(APPLIANCE, port2.address()),
        Ip4.fromInetAddress(seen.peek().getAddress()));
    listener.close().sync();
    assertThrows(
        IllegalStateException.class,
        () -> underlay.resolve(sim, 443),
        "mapping ends with the server");
  }

  /**
   * A connection carries one request and one reply, so both of its ends start reading with a buffer
   * that takes a whole SCEP message at once rather than Netty's 2 KiB.
   */
  @Test
  void bothEndsOfAConnectionFirstReadAWholeMessage() throws Exception {
    int sim = Ip4.parse("10.9.9.8");
    CompletableFuture<Integer> serverGuess = new CompletableFuture<>();
    Channel listener =
        await(listenClosingEach(sim, 8080, ch -> serverGuess.complete(firstReadOf(ch))));
    Channel client = await(underlay.connect(APPLIANCE, port1, sim, 8080, noop()));
    assertEquals(Underlay.FIRST_READ_BYTES, firstReadOf(client));
    assertEquals(Underlay.FIRST_READ_BYTES, serverGuess.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    client.close().sync();
    listener.close().sync();
  }

  /**
   * Listens at a simulated endpoint; each accepted channel is shown to {@code accepted}, then
   * closed.
   */
  private Future<Channel> listenClosingEach(int sim, int port, Consumer<Channel> accepted) {
    return underlay.listen(
        sim,
        port,
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            accepted.accept(ch);
            ch.close();
          }
        });
  }

  private static int firstReadOf(Channel ch) {
    return ch.config().getRecvByteBufAllocator().newHandle().guess();
  }

  /** A server on 127.0.0.2 that keeps connections open until the test closes it. */
  private Channel quietServer() throws InterruptedException {
    return serverOn127002(noop());
  }

  /** A server on 127.0.0.2, port chosen by the system, whose connections {@code child} sets up. */
  private static Channel serverOn127002(ChannelInitializer<Channel> child)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(transports.group())
        .channel(transports.serverChannelClass())
        .childHandler(child)
        .bind(new InetSocketAddress("127.0.0.2", 0))
        .sync()
        .channel();
  }

  /**
   * An underlay reporting IO to {@code tracker}, with the CA's port 443 mapped to {@code server}.
   */
  private Underlay underlayTo(Channel server, IoTracker tracker) {
    Underlay tracked = new Underlay(transports, new Random(1), tracker);
    tracked.map(
        new InetSocketAddress(Ip4.toInetAddress(CA), 443),
        (InetSocketAddress) server.localAddress());
    return tracked;
  }
}
