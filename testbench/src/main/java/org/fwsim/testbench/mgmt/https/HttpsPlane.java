package org.fwsim.testbench.mgmt.https;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.fwsim.testbench.mgmt.AllowAccess;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;
import org.fwsim.testbench.mgmt.ManagementPlane;

/**
 * The HTTPS REST API as a fleet management plane: one {@link HttpsServer} on one port, 443 where
 * the process may bind it, else the one asked for ({@code --https-port}), else a free port chosen
 * at the first bind and used for all. Each device listens at its own loopback host address while
 * {@code set allowaccess} has {@code https} (opened and closed live), and nowhere else.
 */
public final class HttpsPlane implements ManagementPlane {
  private static final int HTTPS = 443;

  private final int askedPort;
  private final Map<String, InetSocketAddress> endpoints = new ConcurrentHashMap<>();
  private final Object binding = new Object();
  private volatile int port = -1;
  private volatile HttpsServer server;

  /**
   * @param port the port to listen on, or 0 for 443 where possible, else a free one
   */
  public HttpsPlane(int port) {
    this.askedPort = port;
  }

  @Override
  public String service() {
    return "https";
  }

  @Override
  public void start(ManagedDevices devices) throws IOException {
    server = new HttpsServer(devices, null);
    try {
      List<CompletableFuture<Void>> attached = devices.all().stream().map(this::attach).toList();
      CompletableFuture.allOf(attached.toArray(new CompletableFuture[0])).join();
    } catch (RuntimeException e) {
      close();
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      throw new IOException("HTTPS cannot listen: " + cause.getMessage(), cause);
    }
  }

  /** Listens for {@code d} while it allows https, and follows its {@code allowaccess}. */
  private CompletableFuture<Void> attach(ManagedDevice d) {
    return d.firmware()
        .appliance()
        .call(
            () -> {
              boolean allowed = AllowAccess.allows(d.firmware(), d.mgmtInterface(), "https");
              AllowAccess.watch(
                  d.firmware(), d.mgmtInterface(), "https", allowed, on -> listen(d, on));
              return allowed;
            })
        .thenAccept(allowed -> listen(d, allowed));
  }

  /** Opens or closes a device's own socket. */
  private void listen(ManagedDevice d, boolean allowed) {
    HttpsServer s = server;
    if (s == null) {
      return;
    }
    if (allowed && !endpoints.containsKey(d.name())) {
      endpoints.put(d.name(), bind(d.hostInetAddress()));
    } else if (!allowed) {
      InetSocketAddress at = endpoints.remove(d.name());
      if (at != null) {
        s.unlisten(at);
      }
    }
  }

  /** Binds a loopback address at the plane's port, the first bind deciding it. */
  private InetSocketAddress bind(InetAddress address) {
    synchronized (binding) {
      return bindLocked(address);
    }
  }

  private InetSocketAddress bindLocked(InetAddress address) {
    if (port >= 0) {
      return server.listen(new InetSocketAddress(address, port));
    }
    InetSocketAddress bound;
    try {
      bound = server.listen(new InetSocketAddress(address, askedPort == 0 ? HTTPS : askedPort));
    } catch (RuntimeException e) {
      if (askedPort != 0) {
        throw e;
      }
      bound = server.listen(new InetSocketAddress(address, 0));
    }
    port = bound.getPort();
    return bound;
  }

  @Override
  public Optional<InetSocketAddress> endpointOf(ManagedDevice device) {
    InetSocketAddress at = endpoints.get(device.name());
    return at != null
        ? Optional.of(at)
        : port < 0
            ? Optional.empty()
            : Optional.of(new InetSocketAddress(device.hostInetAddress(), port));
  }

  @Override
  public void close() {
    HttpsServer s;
    synchronized (binding) {
      s = server;
      server = null;
    }
    if (s != null) {
      s.close();
    }
    endpoints.clear();
  }
}
