package org.fwsim.testbench.mgmt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A management service of the whole fleet (SSH, HTTPS REST API): one server for every device,
 * started once the fleet is up and stopped before it saves. A device's own state is reached through
 * its firmware, on its mailbox; logins go through {@code Firmware.admins()}.
 */
public interface ManagementPlane extends AutoCloseable {

  /** The inventory column this plane fills: {@code ssh} or {@code https}. */
  String service();

  /**
   * Starts serving every device of {@code devices}; returns once it listens.
   *
   * @throws IOException when it cannot listen (the fleet then stops)
   */
  void start(ManagedDevices devices) throws IOException;

  /** Where a tool on this machine reaches {@code device} ({@code host:port}), once started. */
  Optional<InetSocketAddress> endpointOf(ManagedDevice device);

  /** Stops accepting and closes the sessions; idempotent. */
  @Override
  void close();
}
