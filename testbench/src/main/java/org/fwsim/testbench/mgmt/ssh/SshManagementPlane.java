package org.fwsim.testbench.mgmt.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;
import org.fwsim.testbench.mgmt.ManagementPlane;

/**
 * The fleet's SSH service: one {@link SshPlane} with every device attached at its management
 * interface, at the fleet's {@code --ssh-port} when given, else port 22 where the process may bind
 * it and a free port where not; each device at its own loopback address.
 */
public final class SshManagementPlane implements ManagementPlane {

  private static final int SSH = 22;
  private static final int IO_THREADS = 2;

  /** {@code --ssh-port}, 0 when not given. */
  private final int port;

  private final Map<String, InetSocketAddress> endpoints = new ConcurrentHashMap<>();
  private SshPlane plane;

  /**
   * @param port the port every device answers at ({@code --ssh-port}); 0 for 22 where it can be
   *     bound, else a free one
   */
  public SshManagementPlane(int port) {
    this.port = port;
  }

  @Override
  public String service() {
    return "ssh";
  }

  @Override
  public synchronized void start(ManagedDevices devices) throws IOException {
    // A port the user gave is the port, not a fallback: as root 22 binds, and the inventory
    // would name another port than the one asked for.
    plane = SshPlane.start(devices.hypervisor(), port > 0 ? port : SSH, port, IO_THREADS);
    CompletableFuture<?>[] attached =
        devices.all().stream()
            .map(
                d ->
                    plane
                        .attach(d.firmware(), d.mgmtInterface())
                        .thenAccept(bound -> endpoints.put(d.name(), bound)))
            .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(attached).join();
    } catch (CompletionException e) {
      close();
      Throwable cause =
          e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      throw new IOException("SSH cannot listen: " + cause.getMessage(), cause);
    }
  }

  @Override
  public Optional<InetSocketAddress> endpointOf(ManagedDevice device) {
    return Optional.ofNullable(endpoints.get(device.name()));
  }

  @Override
  public synchronized void close() {
    endpoints.clear();
    if (plane != null) {
      try {
        plane.close();
      } catch (IOException e) {
        // Closing at shutdown: the sockets go with the process either way.
      }
      plane = null;
    }
  }
}
