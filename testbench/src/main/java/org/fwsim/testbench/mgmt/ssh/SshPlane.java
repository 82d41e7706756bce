package org.fwsim.testbench.mgmt.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.session.ServerSession;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.admin.AdminCredential;
import org.fwsim.firmware.admin.AdminLogin;
import org.fwsim.firmware.admin.SealedKeys;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.config.InterfaceConfig;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.TcpStream;
import org.fwsim.testbench.mgmt.AllowAccess;

/**
 * The fleet's SSH management plane: one Apache MINA SSHD server (one acceptor, a small shared IO
 * pool) listening at every attached appliance's management address, the loopback host address the
 * underlay gave its management interface, and nowhere else. A connection is routed to its appliance
 * by the local address it reached; the appliance's host key, administrators and CLI answer it.
 * {@code set allowaccess} on the management interface decides live: a device's own socket is opened
 * and closed as {@code ssh} comes and goes, and every new connection is checked again.
 */
public final class SshPlane implements AutoCloseable {

  /** How long one CLI line may take on the appliance before the session gives up on it. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Hypervisor hypervisor;
  private final int preferredPort;
  private final int fallbackPort;

  /** The port every device listens on, decided at the first bind; -1 before. */
  private volatile int port = -1;

  /** Host addresses listening now. */
  private final Set<Integer> bound = ConcurrentHashMap.newKeySet();

  private final Server server = (Server) ServerBuilder.builder().factory(Server::new).build();

  /** Attached devices by host address (int), the routing table of accepted connections. */
  private final Map<Integer, SshDevice> byHost = new ConcurrentHashMap<>();

  /** How long one minute of {@code admintimeout} lasts: a minute, but for tests. */
  private final Duration adminMinute;

  private SshPlane(
      Hypervisor hypervisor, int preferredPort, int fallbackPort, Duration adminMinute) {
    this.hypervisor = hypervisor;
    this.preferredPort = preferredPort;
    this.fallbackPort = fallbackPort;
    this.adminMinute = adminMinute;
  }

  /**
   * Starts the server with no device attached.
   *
   * @param preferredPort the port each device listens on when it can be bound (22; 0 for any free
   *     port, as tests use)
   * @param fallbackPort the port used where {@code preferredPort} cannot be bound ({@code
   *     --ssh-port}; 0 for any free port)
   * @param ioThreads the shared IO pool's size
   */
  public static SshPlane start(
      Hypervisor hypervisor, int preferredPort, int fallbackPort, int ioThreads)
      throws IOException {
    return start(hypervisor, preferredPort, fallbackPort, ioThreads, Duration.ofMinutes(1));
  }

  /**
   * {@link #start(Hypervisor, int, int, int)} with idle sessions timed by {@code adminMinute} per
   * minute of {@code admintimeout}. The idle timeout is wall-clock time, as a person at a terminal
   * lives it (not the simulation's clock, which may jump by days); a test shortens the minute
   * rather than wait one.
   */
  public static SshPlane start(
      Hypervisor hypervisor,
      int preferredPort,
      int fallbackPort,
      int ioThreads,
      Duration adminMinute)
      throws IOException {
    SshPlane plane = new SshPlane(hypervisor, preferredPort, fallbackPort, adminMinute);
    plane.configure(ioThreads);
    return plane;
  }

  private void configure(int ioThreads) throws IOException {
    server.setIoServiceFactoryFactory(new SniffedSshIo(this::sniffed));
    CoreModuleProperties.NIO_WORKERS.set(server, ioThreads);
    // Hundreds of logins at once reach the one acceptor: the default backlog (50) dropped
    // connections, which the clients retried seconds later.
    CoreModuleProperties.SOCKET_BACKLOG.set(server, 1024);
    // The hybrid post-quantum exchanges (sntrup761x25519, mlkem768x25519), in pure Java, cost
    // tens of milliseconds of CPU per handshake: 200 logins at once took 29 s, nearly all of it
    // in NTRU Prime. The classic ECDH and DH exchanges FortiOS offers stay, curve25519 first.
    server.setKeyExchangeFactories(
        server.getKeyExchangeFactories().stream()
            .filter(f -> !f.getName().contains("sntrup") && !f.getName().contains("mlkem"))
            .toList());
    server.setKeyPairProvider(this::hostKeys);
    server.setPasswordAuthenticator(
        (user, password, session) ->
            authenticate(session, user, AdminCredential.password(password)));
    server.setPublickeyAuthenticator(
        (user, key, session) ->
            authenticate(session, user, AdminCredential.publicKey(PublicKeyEntry.toString(key))));
    server.setShellFactory(
        channel ->
            new CliChannel(
                device(channel.getSession()), channel.getSession().getAttribute(LOGIN), null));
    server.setCommandFactory(
        (channel, command) ->
            new CliChannel(
                device(channel.getSession()), channel.getSession().getAttribute(LOGIN), command));
    server.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionCreated(Session session) {
            SshDevice d =
                byHost.get(hostOf(((ServerSession) session).getIoSession().getLocalAddress()));
            // `bound` follows allowaccess (the watch): a connection accepted just before a
            // device's socket closed is refused too, without reading its configuration here.
            if (d == null || !bound.contains(hostOf(session.getIoSession().getLocalAddress()))) {
              // FortiOS answers nothing on an interface without `allowaccess ssh`: the
              // connection ends before the SSH banner.
              session.getIoSession().close(true);
            }
          }
        });
    // SshServer.start binds the wildcard address when given no host: bind one loopback address
    // and let it go at once, so that only the devices' own addresses listen.
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.start();
    server.acceptor().unbind();
  }

  /**
   * Serves {@code device} at the host address of its management interface, with the host key its
   * configuration keeps (made and saved on the first attach), listening there while {@code
   * allowaccess} has {@code ssh}. Completes with the endpoint.
   */
  public CompletableFuture<InetSocketAddress> attach(Firmware device, String managementInterface) {
    return device
        .appliance()
        .call(
            () -> {
              InterfaceConfig mgmt = managementOf(device, managementInterface);
              int host =
                  hypervisor.underlay().hostAddressOf(device.appliance().id(), mgmt.ip().address());
              HostKey hostKey = hostKeyOf(device);
              boolean allowed = AllowAccess.allows(device, managementInterface, "ssh");
              AllowAccess.watch(
                  device, managementInterface, "ssh", allowed, on -> listen(host, on));
              device.addConfigWatcher(
                  change -> {
                    if (change.path().isEmpty()) {
                      // A restore: serve the key the new configuration keeps (or keep ours in
                      // it) before the restore's command returns, so the next client sees it.
                      followHostKey(device, host);
                    }
                  });
              return new Attached(host, allowed, hostKey);
            })
        .thenApply(
            a -> {
              InetSocketAddress at = listen(a.host(), a.allowed());
              byHost.put(a.host(), new SshDevice(device, managementInterface, at, a.hostKey()));
              return at;
            });
  }

  /** What attaching learns on the device's mailbox. */
  private record Attached(int host, boolean allowed, HostKey hostKey) {}

  /** Opens or closes a device's own socket; the endpoint either way. */
  private InetSocketAddress listen(int host, boolean allowed) {
    if (allowed && bound.add(host)) {
      try {
        bind(host);
      } catch (RuntimeException e) {
        bound.remove(host);
        throw e;
      }
    } else if (!allowed && bound.remove(host)) {
      server.acceptor().unbind(new InetSocketAddress(Ip4.toInetAddress(host), port));
    }
    return new InetSocketAddress(Ip4.toInetAddress(host), Math.max(port, 0));
  }

  /** Stops serving {@code device}; its open sessions end. */
  public void detach(Firmware device) {
    byHost
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue().firmware() != device) {
                return false;
              }
              if (bound.remove(e.getKey())) {
                server.acceptor().unbind(e.getValue().endpoint());
              }
              return true;
            });
  }

  /** Where {@code device} answers SSH, or null when it is not attached. */
  public InetSocketAddress endpointOf(Firmware device) {
    return byHost.values().stream()
        .filter(d -> d.firmware() == device)
        .map(SshDevice::endpoint)
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /**
   * Binds the loopback address {@code host} at the plane's port; the first bind decides it: the
   * preferred port where it can be bound, else the fallback one.
   */
  private synchronized void bind(int host) {
    if (!Ip4.isLoopback(host)) {
      // The charter keeps every socket on loopback: a device's address outside 127.0.0.0/8 is a
      // defect upstream, never a reason to listen on the machine's other interfaces.
      throw new IllegalArgumentException("SSH listens on loopback only, not " + Ip4.toString(host));
    }
    IOException first = null;
    List<Integer> ports = port >= 0 ? List.of(port) : List.of(preferredPort, fallbackPort);
    for (int p : ports) {
      InetSocketAddress at = new InetSocketAddress(Ip4.toInetAddress(host), p);
      try {
        server.acceptor().bind(at);
        if (port < 0) {
          port =
              server.acceptor().getBoundAddresses().stream()
                  .map(InetSocketAddress.class::cast)
                  .filter(b -> b.getAddress().equals(at.getAddress()))
                  .findFirst()
                  .orElseThrow()
                  .getPort();
        }
        return;
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    throw new UncheckedIOException("cannot listen for SSH at " + Ip4.toString(host), first);
  }

  /**
   * The host key kept in {@code system global ssh-hostkey}, sealed under {@code
   * ssh-hostkey-password} as a local certificate's key is; made and saved when none, and sealed and
   * saved again when the configuration keeps it in clear text (OpenSSH's format, as it was kept
   * before). Mailbox.
   */
  private static HostKey hostKeyOf(Firmware device) {
    ConfigObject global = device.config().global().singleton("system global");
    String kept = global.text("ssh-hostkey");
    if (SealedKeys.isSealed(kept)) {
      return new HostKey(kept, global.text("ssh-hostkey-password"));
    }
    KeyPair pair = kept.isEmpty() ? HostKeys.generate() : HostKeys.decode(kept);
    keep(device, pair);
    ConfigObject saved = device.config().global().singleton("system global"); // a new object
    return new HostKey(saved.text("ssh-hostkey"), saved.text("ssh-hostkey-password"));
  }

  /** Saves {@code key} sealed into {@code ssh-hostkey} and its password. Mailbox. */
  private static void keep(Firmware device, KeyPair key) {
    String out =
        device
            .newSession()
            .run(
                "config system global\n"
                    + SealedKeys.seal(key.getPrivate())
                        .setLines("ssh-hostkey", "ssh-hostkey-password")
                    + "end");
    if (!out.isBlank()) {
      throw new IllegalStateException("cannot keep the SSH host key in the configuration: " + out);
    }
  }

  /**
   * After a restore: the key the restored configuration keeps from now on, or, when it keeps none,
   * the key served so far, saved into it. Mailbox.
   */
  private void followHostKey(Firmware device, int host) {
    SshDevice d = byHost.get(host);
    if (d == null || d.firmware() != device) {
      return;
    }
    ConfigObject global = device.config().global().singleton("system global");
    String kept = global.text("ssh-hostkey");
    if (kept.isEmpty()) {
      keep(device, d.hostKey().pair());
    } else if (!d.hostKey().keptAs(kept)) {
      byHost.put(host, d.withHostKey(hostKeyOf(device)));
    }
  }

  private static InterfaceConfig managementOf(Firmware device, String name) {
    return device.config().view().interfaces().stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    device.config().hostname() + " has no interface " + name));
  }

  /**
   * Asks the appliance's administrators (lockout, trusthost, password or key) on its mailbox and
   * answers MINA later, so no IO thread waits for the appliance.
   */
  private boolean authenticate(ServerSession session, String user, AdminCredential credential) {
    SshDevice d = device(session);
    AsyncAuthException pending = new AsyncAuthException();
    d.firmware()
        .admins()
        .authenticateAsync(user, credential, sourceOf(session.getClientAddress()), "ssh")
        .whenComplete(
            (login, failure) -> {
              boolean ok = failure == null && login.accepted();
              if (ok) {
                session.setAttribute(LOGIN, login);
                startIdleClock(session, d);
              }
              pending.setAuthed(ok);
            });
    throw pending;
  }

  /**
   * The simulated address a client comes from: the appliance address behind a loopback address the
   * underlay gave out, else the host address itself (a tool on this machine).
   */
  private int sourceOf(SocketAddress remote) {
    int host = remoteIp(remote);
    return hypervisor.underlay().bindingOf(host).map(b -> b.simAddress()).orElse(host);
  }

  /** A new connection's packets for its appliance's sniffer, or null when it reached no device. */
  private TcpStream sniffed(SocketAddress local, SocketAddress remote) {
    SshDevice d = byHost.get(hostOf(local));
    return d == null
        ? null
        : hypervisor
            .underlay()
            .accepted(
                d.managementInterface(),
                SSH,
                (InetSocketAddress) local,
                (InetSocketAddress) remote);
  }

  /** The port FortiOS's SSH administration answers at ({@code admin-ssh-port}'s default). */
  private static final int SSH = 22;

  /**
   * Idle sessions end after {@code admintimeout} minutes, as the appliance's configuration says at
   * login: MINA closes a session that has read nothing for that long. Mailbox (the login's answer).
   */
  private void startIdleClock(ServerSession session, SshDevice d) {
    int minutes = d.firmware().config().view().global().adminTimeoutMinutes();
    CoreModuleProperties.IDLE_TIMEOUT.set(session, adminMinute.multipliedBy(minutes));
  }

  /**
   * The key is opened at a device's first handshake rather than at attach ({@link HostKey}): an
   * idle device that no client reached holds no decoded key.
   */
  private List<KeyPair> hostKeys(SessionContext session) {
    return List.of(device(session).hostKey().pair());
  }

  /** The device a session reached, by the local address it connected to. */
  SshDevice device(SessionContext session) {
    SshDevice d = session.getAttribute(ATTRIBUTE);
    if (d == null) {
      d = byHost.get(hostOf(((ServerSession) session).getIoSession().getLocalAddress()));
      if (d == null) {
        throw new IllegalStateException("no appliance at " + session);
      }
      session.setAttribute(ATTRIBUTE, d);
    }
    return d;
  }

  private static final org.apache.sshd.common.AttributeRepository.AttributeKey<SshDevice>
      ATTRIBUTE = new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

  /** The accepted login of a session: who, with which profile and VDOMs. */
  private static final org.apache.sshd.common.AttributeRepository.AttributeKey<AdminLogin> LOGIN =
      new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

  private static int hostOf(SocketAddress a) {
    return Ip4.fromInetAddress(((InetSocketAddress) a).getAddress());
  }

  private static int remoteIp(SocketAddress a) {
    return a instanceof InetSocketAddress i ? Ip4.fromInetAddress(i.getAddress()) : 0;
  }

  /** The server with its acceptor in reach, so devices bind and unbind while it runs. */
  private static final class Server extends SshServer {
    IoAcceptor acceptor() {
      return acceptor;
    }
  }
}
