package org.fwsim.testbench.mgmt;

/**
 * How a management plane listens for the fleet's devices. Either way a connection is routed to its
 * device by the local address it reached.
 */
public enum Listening {
  /**
   * One socket per device and service at the device's own loopback address, opened and closed as
   * {@code set allowaccess} adds and removes the service: a refused service refuses the connection,
   * as on a FortiGate. Costs one file descriptor per device and service.
   */
  OWN_ADDRESS,

  /**
   * One wildcard socket per service for every device: two file descriptors for the whole fleet
   * however large. {@code allowaccess} is checked when a connection arrives (a refused service
   * closes it before the banner), and a connection that reached no device's address is closed.
   */
  SHARED
}
