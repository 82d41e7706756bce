package org.fwsim.hal.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Carries simulated traffic over the host's loopback range. Every (appliance, simulated source
 * address) gets its own host address in 127.0.0.0/8, so a server sees which appliance and interface
 * a connection came from; simulated destinations map to host endpoints.
 *
 * <p>Destinations: an explicit {@link #map} wins; otherwise a simulated address inside 127.0.0.0/8
 * is its own host endpoint (keep such addresses below 127.1.0.0, where allocation starts); anything
 * else must be mapped. A host endpoint outside loopback (127.0.0.0/8, ::1) is refused unless the
 * user maps it with {@code allowNonLoopback}.
 *
 * <p>Impairments of the egress interface apply to each connection attempt: a down interface fails
 * at once; latency delays the attempt by that many milliseconds of <em>real</em> time (scheduled on
 * the event loop, not on the virtual clock, because the socket work it delays is real); loss fails
 * the attempt with that probability, drawing one {@code nextInt(100)} from the injected random per
 * attempt on a lossy interface.
 *
 * <p>Thread-safe: any appliance worker may call it. The event loops and channel classes belong to
 * the caller (the Hypervisor), which also shuts them down.
 */
public final class Underlay {

  /** Owner id of addresses that belong to the world around the appliances (e.g. the CA's). */
  static final int WORLD = -1;

  /**
   * The first read buffer of each connection the underlay opens or accepts, so one read takes a
   * whole SCEP message (a GET PKIOperation's request line is 4.8 KiB, a CertRep 3 to 4): Netty's 2
   * KiB guess grows per channel, never on a connection that carries one request and one reply.
   */
  static final int FIRST_READ_BYTES = 16 * 1024;

  /** Sizes each read from {@link #FIRST_READ_BYTES}; stateless, so every channel shares it. */
  private static final AdaptiveRecvByteBufAllocator READS =
      new AdaptiveRecvByteBufAllocator(64, FIRST_READ_BYTES, 64 * 1024);

  /** Which appliance and simulated address a host loopback address stands for. */
  public record Binding(int applianceId, int simAddress, int hostAddress) {
    @Override
    public String toString() {
      return (applianceId == WORLD ? "world" : "appliance " + applianceId)
          + " "
          + Ip4.toString(simAddress)
          + " -> "
          + Ip4.toString(hostAddress);
    }
  }

  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> socketChannelClass;
  private final Class<? extends ServerSocketChannel> serverChannelClass;
  private final LoopbackAllocator allocator;
  private final Random lossRandom;
  private final IoTracker tracker;
  private final ConcurrentHashMap<Long, InetSocketAddress> destinations = new ConcurrentHashMap<>();

  /** Open client channels per egress link, so a link that goes down can cut what runs over it. */
  private final LinkChannels open = new LinkChannels();

  /**
   * Sniffers by appliance id. Empty (the common case) costs the data path one volatile read; the
   * map is replaced, never changed, so readers need no lock.
   */
  private volatile Map<Integer, Tap> taps = Map.of();

  /** The clock that stamps an appliance's packets and where they go. */
  record Tap(InstantSource clock, PacketTap sink) {}

  /**
   * @param group event loops to run sockets on
   * @param socketChannelClass client channel class matching {@code group}
   * @param serverChannelClass server channel class matching {@code group}
   * @param baseOffset how many loopback addresses to skip before the first allocation, so that
   *     shards on one host do not collide (e.g. shard i of n uses i * addressesPerShard)
   * @param lossRandom source of simulated connection loss (seed it for reproducible runs)
   * @param tracker told when connections start and end, {@link IoTracker#NONE} if unused
   */
  public Underlay(
      EventLoopGroup group,
      Class<? extends SocketChannel> socketChannelClass,
      Class<? extends ServerSocketChannel> serverChannelClass,
      int baseOffset,
      Random lossRandom,
      IoTracker tracker) {
    this.group = Objects.requireNonNull(group, "event loop group");
    this.socketChannelClass = Objects.requireNonNull(socketChannelClass, "socket channel class");
    this.serverChannelClass = Objects.requireNonNull(serverChannelClass, "server channel class");
    this.allocator = new LoopbackAllocator(baseOffset);
    this.lossRandom = Objects.requireNonNull(lossRandom, "loss random");
    this.tracker = Objects.requireNonNull(tracker, "IO tracker");
  }

  /** An underlay on shared transports, no base offset. */
  public Underlay(Transports transports, Random lossRandom, IoTracker tracker) {
    this(
        transports.group(),
        transports.socketChannelClass(),
        transports.serverChannelClass(),
        0,
        lossRandom,
        tracker);
  }

  /**
   * The host loopback address standing for a simulated address of an appliance, allocated on first
   * use and stable afterwards.
   *
   * @param applianceId the appliance's index in the hypervisor, 0 or more
   */
  public int hostAddressOf(int applianceId, int simAddress) {
    if (applianceId < 0) {
      throw new IllegalArgumentException("appliance id " + applianceId + " must not be negative");
    }
    return allocator.hostAddressOf(applianceId, simAddress);
  }

  /** Which appliance and simulated address a host address stands for (e.g. for a server's peer). */
  public Optional<Binding> bindingOf(int hostAddress) {
    return allocator.bindingOf(hostAddress);
  }

  /** Maps a simulated destination to a loopback host endpoint. */
  public void map(InetSocketAddress simDst, InetSocketAddress hostEndpoint) {
    map(Ip4.fromInetAddress(simDst.getAddress()), simDst.getPort(), hostEndpoint, false);
  }

  /**
   * Maps a simulated destination to a host endpoint, replacing any earlier mapping.
   *
   * @param allowNonLoopback true only when the user asked to reach a real host outside loopback
   * @throws IllegalArgumentException for a bad port, an unresolved endpoint, or a non-loopback
   *     endpoint without {@code allowNonLoopback}
   */
  public void map(
      int simAddress, int simPort, InetSocketAddress hostEndpoint, boolean allowNonLoopback) {
    checkPort(simPort, "simulated port");
    String what =
        "host endpoint " + hostEndpoint + " for simulated " + endpoint(simAddress, simPort);
    if (hostEndpoint == null || hostEndpoint.isUnresolved()) {
      throw new IllegalArgumentException(what + " is not a resolved IP address");
    }
    checkPort(hostEndpoint.getPort(), "host port");
    if (!hostEndpoint.getAddress().isLoopbackAddress() && !allowNonLoopback) {
      throw new IllegalArgumentException(
          what
              + " is outside the loopback range (127.0.0.0/8, ::1);"
              + " map it with allowNonLoopback to reach a real host on purpose");
    }
    destinations.put(key(simAddress, simPort), hostEndpoint);
  }

  /**
   * The host endpoint of a simulated destination.
   *
   * @throws IllegalStateException when a non-loopback destination has no mapping
   */
  public InetSocketAddress resolve(int simAddress, int simPort) {
    InetSocketAddress mapped = destinations.get(key(simAddress, simPort));
    if (mapped != null) {
      return mapped;
    }
    if (Ip4.isLoopback(simAddress)) {
      return new InetSocketAddress(Ip4.toInetAddress(simAddress), simPort);
    }
    throw new IllegalStateException(
        "no underlay mapping for simulated destination "
            + endpoint(simAddress, simPort)
            + "; map it to a loopback endpoint with Underlay.map");
  }

  /**
   * {@link #connect(int, NetworkInterface, int, int, int, ChannelHandler)} from the egress
   * interface's own address.
   */
  public Future<Channel> connect(
      int applianceId,
      NetworkInterface egress,
      int dstAddress,
      int dstPort,
      ChannelHandler handler) {
    return connect(applianceId, egress, egress.address(), dstAddress, dstPort, handler);
  }

  /**
   * Opens a TCP connection for an appliance leaving through {@code egress} with simulated source
   * {@code sourceAddress}: bound to that source's loopback image and connected to the destination's
   * host endpoint. The future fails with a {@link ConnectException} naming the interface when it is
   * down, has no address, loses the attempt, or the destination is unmapped or refuses.
   *
   * @param handler the channel's handler, typically a {@code ChannelInitializer}
   */
  public Future<Channel> connect(
      int applianceId,
      NetworkInterface egress,
      int sourceAddress,
      int dstAddress,
      int dstPort,
      ChannelHandler handler) {
    EventLoop loop = group.next();
    Promise<Channel> promise = loop.newPromise();
    String route = endpoint(dstAddress, dstPort) + " via " + egress.name();
    String unusable = unusable(egress, sourceAddress);
    if (unusable != null) {
      return promise.setFailure(
          new ConnectException("cannot connect to " + route + ": " + unusable));
    }
    InetSocketAddress remote;
    try {
      remote = resolve(dstAddress, dstPort);
    } catch (IllegalStateException e) {
      return promise.setFailure(
          connectFailure("cannot connect to " + route + ": " + e.getMessage(), e));
    }
    InetSocketAddress local =
        remote.getAddress() instanceof Inet4Address
            ? new InetSocketAddress(Ip4.toInetAddress(hostAddressOf(applianceId, sourceAddress)), 0)
            : null; // ::1 endpoints: IPv6 loopback has one address, so the source cannot be told
    // apart
    LinkImpairment impairment = egress.impairment();
    boolean lost =
        impairment.lossPercent() > 0 && lossRandom.nextInt(100) < impairment.lossPercent();
    ConnectionTracking.track(tracker, loop, promise);
    Runnable attempt =
        () -> {
          if (lost) {
            promise.tryFailure(
                new ConnectException(
                    "cannot connect to "
                        + route
                        + ": attempt lost on interface "
                        + egress.name()
                        + " (simulated loss "
                        + impairment.lossPercent()
                        + "%)"));
          } else {
            open(
                loop,
                new LinkChannels.Link(applianceId, egress.name()),
                local,
                remote,
                handler,
                promise,
                route,
                flow(applianceId, sourceAddress, dstAddress, dstPort));
          }
        };
    try {
      if (impairment.latencyMillis() > 0) {
        loop.schedule(attempt, impairment.latencyMillis(), TimeUnit.MILLISECONDS);
      } else {
        attempt.run();
      }
    } catch (RejectedExecutionException e) {
      promise.tryFailure(
          connectFailure("cannot connect to " + route + ": event loops are shut down", e));
    }
    return promise;
  }

  /** Why a link cannot carry anything at all right now ("interface port1 ..."), or null. */
  private static String unusable(NetworkInterface egress, int source) {
    String why;
    if (egress.status() == NetworkInterface.Status.DOWN) {
      why = " is administratively down";
    } else if (egress.impairment().down()) {
      why = " link is down";
    } else if (source == Ip4.ANY) {
      why = " has no IP address";
    } else {
      return null;
    }
    return "interface " + egress.name() + why;
  }

  /**
   * An exchange the simulated host at {@code dstAddress} answers itself, with no server socket
   * behind it: an ICMP echo, the echo service, a DNS query (the underlay carries TCP only, so these
   * are answered here rather than sent). It succeeds when the link can carry traffic, the attempt
   * is not lost and the destination is a simulated host; it completes after the link's latency in
   * real time, as a connection attempt does. A simulated host is an address some server listens on
   * or is mapped for (the CA's, say), or one inside 127.0.0.0/8. The IO is tracked like a
   * connection's.
   *
   * @param what the exchange, for the failure message (e.g. "ping")
   */
  public Future<Void> exchange(
      int applianceId, NetworkInterface egress, int sourceAddress, int dstAddress, String what) {
    EventLoop loop = group.next();
    Promise<Void> promise = loop.newPromise();
    String route = what + " " + Ip4.toString(dstAddress) + " via " + egress.name();
    String unusable = unusable(egress, sourceAddress);
    if (unusable != null) {
      return promise.setFailure(new ConnectException(route + ": " + unusable));
    }
    LinkImpairment impairment = egress.impairment();
    boolean lost =
        impairment.lossPercent() > 0 && lossRandom.nextInt(100) < impairment.lossPercent();
    tracker.ioStarted();
    promise.addListener(f -> tracker.ioFinished());
    Runnable answer =
        () -> {
          if (lost) {
            promise.tryFailure(
                new ConnectException(
                    route
                        + ": lost on interface "
                        + egress.name()
                        + " (simulated loss "
                        + impairment.lossPercent()
                        + "%)"));
          } else if (!isSimulatedHost(dstAddress)) {
            promise.tryFailure(new ConnectException(route + ": no such host answers"));
          } else {
            Tap tap = tapOf(applianceId);
            if (tap != null && what.equals("ping")) {
              TcpStream.icmpEcho(tap, egress.name(), sourceAddress, dstAddress);
            }
            promise.trySuccess(null);
          }
        };
    try {
      if (impairment.latencyMillis() > 0) {
        loop.schedule(answer, impairment.latencyMillis(), TimeUnit.MILLISECONDS);
      } else {
        loop.execute(answer); // completes after the caller's listeners are in place
      }
    } catch (RejectedExecutionException e) {
      promise.tryFailure(connectFailure(route + ": event loops are shut down", e));
    }
    return promise;
  }

  /**
   * Whether a simulated address stands for a host of the simulation: a server listens or is mapped
   * at one of its ports, or it lies inside 127.0.0.0/8 (its own host endpoint).
   */
  public boolean isSimulatedHost(int simAddress) {
    if (Ip4.isLoopback(simAddress)) {
      return true;
    }
    long address = simAddress & 0xffffffffL;
    for (long key : destinations.keySet()) {
      if (key >>> 16 == address) {
        return true;
      }
    }
    return false;
  }

  /**
   * Listens on the host endpoint of a simulated server address: the explicit mapping if there is
   * one, the address itself inside 127.0.0.0/8, else an allocated loopback address of the world
   * around the appliances. Privileged simulated ports (below 1024) get an ephemeral host port. Once
   * bound, the simulated address maps to the bound endpoint until the server channel closes (an
   * explicit mapping stays as the user set it).
   *
   * @param childHandler handler of accepted connections, typically a {@code ChannelInitializer}
   * @return the bound server channel, or the bind failure naming both addresses
   */
  public Future<Channel> listen(int simAddress, int simPort, ChannelHandler childHandler) {
    checkPort(simPort, "simulated port");
    InetSocketAddress explicit = destinations.get(key(simAddress, simPort));
    InetSocketAddress bindTo;
    if (explicit != null) {
      if (!explicit.getAddress().isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "cannot listen on simulated "
                + endpoint(simAddress, simPort)
                + ": it is mapped to "
                + explicit
                + ", outside loopback; servers bind to loopback only");
      }
      bindTo = explicit;
    } else {
      int host =
          Ip4.isLoopback(simAddress) ? simAddress : allocator.hostAddressOf(WORLD, simAddress);
      bindTo = new InetSocketAddress(Ip4.toInetAddress(host), simPort < 1024 ? 0 : simPort);
    }
    Promise<Channel> promise = group.next().newPromise();
    ChannelFuture bind =
        new ServerBootstrap()
            .group(group)
            .channel(serverChannelClass)
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, READS)
            .childHandler(childHandler)
            .bind(bindTo);
    bind.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            promise.tryFailure(
                connectFailure(
                    "cannot listen on simulated "
                        + endpoint(simAddress, simPort)
                        + " (host "
                        + bindTo
                        + "): "
                        + f.cause().getMessage(),
                    f.cause()));
            return;
          }
          if (explicit == null) { // an explicit mapping is the user's; it outlives the server
            InetSocketAddress bound = (InetSocketAddress) f.channel().localAddress();
            long key = key(simAddress, simPort);
            destinations.put(key, bound);
            f.channel().closeFuture().addListener(c -> destinations.remove(key, bound));
          }
          if (!promise.trySuccess(f.channel())) {
            f.channel().close();
          }
        });
    return promise;
  }

  /**
   * Starts reporting an appliance's packets to {@code sink}, replacing any earlier tap of it: the
   * TCP connections it opens from now on (handshake, data, teardown, refusals) and the ICMP echoes
   * the underlay answers for it, with simulated addresses and ports.
   *
   * @param clock stamps each packet (the appliance's clock)
   */
  public synchronized void tap(int applianceId, InstantSource clock, PacketTap sink) {
    Map<Integer, Tap> next = new HashMap<>(taps);
    next.put(applianceId, new Tap(Objects.requireNonNull(clock), Objects.requireNonNull(sink)));
    taps = Map.copyOf(next);
  }

  /** Stops reporting an appliance's packets (connections already tapped stay tapped). */
  public synchronized void untap(int applianceId) {
    if (taps.containsKey(applianceId)) {
      Map<Integer, Tap> next = new HashMap<>(taps);
      next.remove(applianceId);
      taps = Map.copyOf(next);
    }
  }

  /**
   * The packets of a connection a management plane accepted at an appliance's host address, for the
   * appliance's sniffer: the handshake (SYN in, SYN-ACK out, ACK in) when one runs now, and a
   * stream that reports the bytes and the close whenever one runs, so a session open before the
   * sniffer started shows from then on (each event costs one volatile read); null when the address
   * is no appliance's.
   *
   * @param interfaceName the interface the plane serves (the management interface)
   * @param servicePort the port the appliance answers at in the simulated network (22, 443)
   * @param local where the connection arrived: an appliance's host address
   * @param remote the client: a host address the underlay gave out (its simulated address is shown)
   *     or a tool on this machine (shown as it is)
   */
  public TcpStream accepted(
      String interfaceName, int servicePort, InetSocketAddress local, InetSocketAddress remote) {
    Binding at = allocator.bindingOf(Ip4.fromInetAddress(local.getAddress())).orElse(null);
    if (at == null) {
      return null;
    }
    int appliance = at.applianceId();
    int client = Ip4.fromInetAddress(remote.getAddress());
    int clientSim = allocator.bindingOf(client).map(Binding::simAddress).orElse(client);
    return TcpStream.accepted(
        () -> tapOf(appliance),
        new TcpStream.Ends(
            interfaceName, at.simAddress(), servicePort, clientSim, remote.getPort()));
  }

  /**
   * {@link #accepted} as a handler to put first in a Netty pipeline (the HTTPS plane's), or null
   * when the address is no appliance's.
   */
  public ChannelHandler acceptedTap(
      String interfaceName, int servicePort, InetSocketAddress local, InetSocketAddress remote) {
    TcpStream stream = accepted(interfaceName, servicePort, local, remote);
    return stream == null ? null : new TcpStreamTap(stream);
  }

  /** The tap of an appliance, or null: one volatile read when no sniffer runs anywhere. */
  private Tap tapOf(int applianceId) {
    Map<Integer, Tap> t = taps;
    return t.isEmpty() ? null : t.get(applianceId);
  }

  /**
   * Cuts every open connection of an appliance that leaves through {@code interfaceName}, as a
   * pulled cable or an interface set down does: each channel's pipeline first sees a {@link
   * LinkDownException} with {@code reason}, so its owner fails with that reason rather than with a
   * bare close, then the channel closes. Call it when the interface goes down or is deleted.
   *
   * @param reason what happened, e.g. "interface port1 went down"
   * @return how many connections were cut
   */
  public int cut(int applianceId, String interfaceName, String reason) {
    return open.cut(new LinkChannels.Link(applianceId, interfaceName), reason);
  }

  /** How many client connections are open through an appliance's interface. */
  public int openConnections(int applianceId, String interfaceName) {
    return open.count(new LinkChannels.Link(applianceId, interfaceName));
  }

  /** A connection's sniffer and simulated ends, or null (no allocation) when no sniffer runs. */
  private ConnectFlow flow(int applianceId, int source, int destination, int dstPort) {
    Tap tap = tapOf(applianceId);
    return tap == null ? null : new ConnectFlow(tap, source, destination, dstPort);
  }

  private void open(
      EventLoop loop,
      LinkChannels.Link link,
      InetSocketAddress local,
      InetSocketAddress remote,
      ChannelHandler handler,
      Promise<Channel> promise,
      String route,
      ConnectFlow flow) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(socketChannelClass)
            .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
            .handler(flow == null ? handler : flow.wrap(link.interfaceName(), handler));
    if (local != null) {
      bootstrap.localAddress(local);
    }
    bootstrap
        .connect(remote)
        .addListener(
            (ChannelFuture f) -> {
              if (flow != null) {
                flow.report(link.interfaceName(), f);
              }
              if (!f.isSuccess()) {
                promise.tryFailure(
                    connectFailure(
                        "cannot connect to "
                            + route
                            + " (host "
                            + local
                            + " -> "
                            + remote
                            + "): "
                            + f.cause().getMessage(),
                        f.cause()));
              } else {
                // Before the caller sees it, so a cut from then on reaches it.
                open.register(link, f.channel());
                if (!promise.trySuccess(f.channel())) {
                  f.channel().close(); // the caller cancelled meanwhile
                }
              }
            });
  }

  private static ConnectException connectFailure(String message, Throwable cause) {
    ConnectException e = new ConnectException(message);
    e.initCause(cause);
    return e;
  }

  private static long key(int simAddress, int simPort) {
    return (simAddress & 0xffffffffL) << 16 | simPort;
  }

  private static String endpoint(int address, int port) {
    return Ip4.toString(address) + ":" + port;
  }

  private static void checkPort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " " + port + " is outside 1..65535");
    }
  }
}
