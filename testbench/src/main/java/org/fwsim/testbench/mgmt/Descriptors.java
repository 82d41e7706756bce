package org.fwsim.testbench.mgmt;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

/**
 * The file descriptors a fleet needs against those the process may open ({@code ulimit -n}): each
 * device listening at its own address takes one per plane, and the JVM, the CA and the sessions of
 * the tools driving the fleet take a reserve.
 */
public final class Descriptors {
  /** For the JVM itself (jars, epoll, pipes), the CA, and client sessions at any one time. */
  public static final int RESERVE = 1024;

  private Descriptors() {}

  /**
   * Descriptors a fleet of {@code devices} needs with {@code planes} planes, each device listening
   * at its own loopback address.
   */
  public static long needed(int devices, int planes) {
    return (long) devices * planes + RESERVE;
  }

  /** The most this process may open; empty where the JVM cannot tell (not a Unix). */
  public static OptionalLong limit() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return OptionalLong.of(unix.getMaxFileDescriptorCount());
    }
    return OptionalLong.empty();
  }

  /** How many this process has open now; -1 where the JVM cannot tell. */
  public static long open() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getOpenFileDescriptorCount();
    }
    return -1;
  }

  /**
   * Why the fleet cannot listen, or null when the limit is enough (or unknown).
   *
   * @param limit the process's limit ({@link #limit()})
   */
  public static String shortfall(int devices, int planes, long limit) {
    long needed = needed(devices, planes);
    if (needed <= limit) {
      return null;
    }
    return devices
        + " devices with "
        + planes
        + " management plane(s) each at their own address need about "
        + needed
        + " file descriptors ("
        + planes
        + " per device and "
        + RESERVE
        + " in reserve); this process may open "
        + limit
        + " (ulimit -n). Raise the limit (ulimit -n "
        + needed
        + ", or nofile in limits.conf).";
  }
}
