package org.fwsim.testbench.fleet;

/**
 * Simulated interface addresses of fleet devices, derived from the fleet-wide device index alone,
 * so no two devices collide, in one process or across shards. Each device owns a /27 of
 * 100.64.0.0/10 (shared address space, kept clear of 10/8 and 192.168/16 where CAs and labs live),
 * cut into one /30 per port: the port's address is the first host, its gateway the second.
 */
public final class AddressPlan {

  /** Ports a device can have: the /27 holds eight /30s. */
  public static final int MAX_PORTS = 8;

  /** Devices the pool holds: 2^22 addresses / 32 per device. */
  public static final int MAX_DEVICES = (1 << 22) / 32;

  /** The pool, as FortiOS would print the prefix. */
  public static final String POOL = "100.64.0.0/10";

  /** Every port's netmask, in the dotted form FortiOS {@code set ip} takes. */
  public static final String PORT_MASK = "255.255.255.252";

  private static final long POOL_BASE = (100L << 24) | (64L << 16);

  private AddressPlan() {}

  /** The address of port {@code port} (1-based) of device {@code device}. */
  public static String portAddress(int device, int port) {
    return dotted(block(device, port) + 1);
  }

  /** The next hop on that port's /30 (the simulated upstream router). */
  public static String gateway(int device, int port) {
    return dotted(block(device, port) + 2);
  }

  private static long block(int device, int port) {
    if (device < 0 || device >= MAX_DEVICES) {
      throw new IllegalArgumentException(
          "device index "
              + device
              + " is outside the address plan ("
              + POOL
              + " holds "
              + MAX_DEVICES
              + " devices)");
    }
    if (port < 1 || port > MAX_PORTS) {
      throw new IllegalArgumentException(
          "port" + port + " is outside the address plan (port1..port" + MAX_PORTS + ")");
    }
    return POOL_BASE + 32L * device + 4L * (port - 1);
  }

  static String dotted(long a) {
    return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }
}
