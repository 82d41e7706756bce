package org.fwsim.firmware.egress;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.net.RoutingTable;
import org.fwsim.hal.testing.TestHypervisors;

/**
 * A small world for egress tests: one appliance with three WAN-ish ports in root and one in VDOM
 * vd2, static routes, and a real loopback "CA" at 10.5.149.111:80 (through the underlay) that
 * answers HTTP and records the simulated source of every accepted connection.
 */
final class EgressLab implements AutoCloseable {

  static final Instant START = Instant.parse("2025-11-24T11:00:00Z");
  static final int CA = Ip4.parse("10.5.149.111");
  static final int CA_PORT = 80;
  static final int PORT1 = Ip4.parse("10.0.1.1");
  static final int PORT2 = Ip4.parse("202.100.1.1");
  static final int PORT3 = Ip4.parse("100.1.3.1");
  static final int LOOPBACK = Ip4.parse("10.255.255.1");
  static final int VD2_PORT5 = Ip4.parse("192.168.5.1");
  static final int GW2 = Ip4.parse("202.100.1.192");
  static final int GW3 = Ip4.parse("100.1.3.254");

  /**
   * One accepted connection: the simulated source, for HTTP the request path ("" for a bare
   * connect), and the peer port.
   */
  record Seen(int appliance, int source, String path, int port) {}

  final Hypervisor hv;
  final Appliance fgt;
  final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private Channel server;

  EgressLab() {
    hv = TestHypervisors.builder(START).keyPoolCapacity(2).build();
    fgt = hv.newAppliance("FGVM01TM00000001", "FGT-A");
    fgt.vdoms().getOrCreate("vd2");
    fgt.putInterface(nic("port1", "root", "10.0.1.1/24"));
    fgt.putInterface(nic("port2", "root", "202.100.1.1/24"));
    fgt.putInterface(nic("port3", "root", "100.1.3.1/24"));
    fgt.putInterface(
        withAddress(
            NetworkInterface.of("loopback_0", NetworkInterface.Type.LOOPBACK, "root"),
            "10.255.255.1/32"));
    fgt.putInterface(nic("port5", "vd2", "192.168.5.1/24"));
    Future<Channel> bound =
        hv.underlay()
            .listen(
                CA,
                CA_PORT,
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new Recorder(),
                            new HttpServerCodec(),
                            new HttpObjectAggregator(8192),
                            new Pages());
                  }
                });
    if (!bound.awaitUninterruptibly(5, TimeUnit.SECONDS) || !bound.isSuccess()) {
      throw new IllegalStateException("CA did not bind", bound.cause());
    }
    server = bound.getNow();
  }

  /**
   * A TCP-connect check of the CA's port 80 every second (timeout 500 ms, 2 failures/recoveries, 5
   * probes kept) with one SLA: latency up to {@code maxLatencyMs}, jitter up to 10 ms.
   */
  static SdwanHealthCheck tcpCheck(String name, int maxLatencyMs) {
    return new SdwanHealthCheck(
        name,
        List.of(Ip4.toString(CA)),
        SdwanHealthCheck.Protocol.TCP_CONNECT,
        CA_PORT,
        "/",
        1000,
        500,
        2,
        2,
        5,
        List.of(),
        true,
        List.of(SdwanHealthCheck.Sla.of(1, maxLatencyMs, 10, 0)));
  }

  static NetworkInterface nic(String name, String vdom, String cidr) {
    return withAddress(NetworkInterface.of(name, NetworkInterface.Type.PHYSICAL, vdom), cidr);
  }

  RoutingTable root() {
    return fgt.vdoms().root().routingTable();
  }

  /** Adds a static route in root and publishes; returns its seq-num. */
  int route(String dst, int gateway, String device) {
    int seq = root().addStatic(Route.staticRoute(Ip4Prefix.parse(dst), gateway, device));
    root().publish();
    return seq;
  }

  /** Changes an interface (impairment, status) the way the CLI would. */
  void change(String name, UnaryOperator<NetworkInterface> f) {
    fgt.putInterface(f.apply(fgt.findInterface(name).orElseThrow()));
  }

  /**
   * Runs mailboxes until nothing is in flight: no ready mailbox, no IO, no probe waiting. Real IO
   * completes on event loops, so this polls with a bounded deadline.
   */
  void settle(SdwanHealth health) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      hv.runUntilIdle();
      if (hv.activity().isQuiet() && (health == null || health.probesInFlight() == 0)) {
        hv.runUntilIdle();
        if (hv.activity().isQuiet()) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        fail(
            "IO did not settle: "
                + hv.activity()
                + ", probes in flight "
                + (health == null ? 0 : health.probesInFlight()));
      }
      hv.activity().awaitQuiet(5, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Moves the virtual clock to the next timer (a health-check round), then settles; {@code n}
   * times.
   */
  void rounds(SdwanHealth health, int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      hv.scheduler().advanceToNextDeadline();
      settle(health);
    }
  }

  /**
   * Opens one connection to the CA the way the SCEP transport does with an egress: bound to the
   * egress source through the underlay, out of the egress interface. Returns the source the CA saw.
   */
  int connectToCa(Egress egress) throws Exception {
    seen.clear();
    Future<Channel> f =
        egress.connect(fgt, hv.underlay(), CA_PORT, new ChannelInboundHandlerAdapter());
    if (!f.await(5, TimeUnit.SECONDS)) {
      fail("connect did not complete");
    }
    if (!f.isSuccess()) {
      throw new IllegalStateException(f.cause().getMessage(), f.cause());
    }
    int port = ((InetSocketAddress) f.getNow().localAddress()).getPort();
    f.getNow().close();
    // Health probes of an earlier round may still be accepted now: wait for this connection's.
    Seen s;
    do {
      s = seen.poll(5, TimeUnit.SECONDS);
      if (s == null) {
        fail("the CA saw no connection");
      }
    } while (s.port() != port);
    if (s.appliance() != fgt.id()) {
      fail("connection came from appliance " + s.appliance());
    }
    return s.source();
  }

  /**
   * The next {@code n} connections the CA accepts. The server records a connection on its own event
   * loop, which may be after the prober already saw the connect complete, so wait for each (5 s at
   * most) rather than reading what has arrived so far.
   */
  List<Seen> awaitSeen(int n) throws InterruptedException {
    List<Seen> out = new java.util.ArrayList<>();
    while (out.size() < n) {
      Seen s = seen.poll(5, TimeUnit.SECONDS);
      if (s == null) {
        fail("the CA saw " + out.size() + " of " + n + " connections: " + out);
      }
      out.add(s);
    }
    return out;
  }

  /** Every connection the CA has accepted since the last clear. */
  List<Seen> drainSeen() {
    List<Seen> out = new java.util.ArrayList<>();
    seen.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    hv.close();
  }

  /** Records the simulated source of each accepted connection. */
  private final class Recorder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
      hv.underlay()
          .bindingOf(Ip4.fromInetAddress(peer.getAddress()))
          .ifPresentOrElse(
              b -> seen.add(new Seen(b.applianceId(), b.simAddress(), "", peer.getPort())),
              () ->
                  seen.add(
                      new Seen(-1, Ip4.fromInetAddress(peer.getAddress()), "", peer.getPort())));
      ctx.fireChannelActive();
    }
  }

  /**
   * {@code /} and {@code /healthz} answer 200, {@code /hang} never answers, anything else 404;
   * closes after.
   */
  private static final class Pages extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (req.uri().equals("/hang")) {
        return;
      }
      boolean known = req.uri().equals("/") || req.uri().equals("/healthz");
      DefaultFullHttpResponse rsp =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              known ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
              Unpooled.copiedBuffer(known ? "ok" : "no", StandardCharsets.US_ASCII));
      rsp.headers().set(HttpHeaderNames.CONTENT_LENGTH, rsp.content().readableBytes());
      ctx.writeAndFlush(rsp).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
