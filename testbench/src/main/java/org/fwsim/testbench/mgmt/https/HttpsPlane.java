package org.fwsim.testbench.mgmt.https;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;
import org.fwsim.testbench.mgmt.ManagementPlane;

/**
 * The HTTPS REST API as a fleet management plane: one {@link HttpsServer} listening at every
 * device's host address on one port, 443 where the process may bind it, else the one asked for
 * ({@code --https-port}), else a free port chosen at the first device and used for all.
 */
public final class HttpsPlane implements ManagementPlane {
  private static final int HTTPS = 443;

  private final int askedPort;
  private final Map<String, InetSocketAddress> endpoints = new HashMap<>();
  private HttpsServer server;

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
  public synchronized void start(ManagedDevices devices) throws IOException {
    server = new HttpsServer(devices, null);
    int port = askedPort;
    for (ManagedDevice d : devices.all()) {
      InetSocketAddress bound;
      try {
        if (port == 0) {
          bound = firstBind(d);
          port = bound.getPort();
        } else {
          bound = server.listen(new InetSocketAddress(d.hostInetAddress(), port));
        }
      } catch (RuntimeException e) {
        close();
        throw new IOException("HTTPS cannot listen for " + d + ": " + e.getMessage(), e);
      }
      endpoints.put(d.name(), bound);
    }
  }

  private InetSocketAddress firstBind(ManagedDevice d) {
    try {
      return server.listen(new InetSocketAddress(d.hostInetAddress(), HTTPS));
    } catch (RuntimeException e) {
      return server.listen(new InetSocketAddress(d.hostInetAddress(), 0));
    }
  }

  @Override
  public synchronized Optional<InetSocketAddress> endpointOf(ManagedDevice device) {
    return Optional.ofNullable(endpoints.get(device.name()));
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
    endpoints.clear();
  }
}
