package org.fwsim.testbench.probe;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;

/** Reads what the process costs: CPU time used so far and heap in use after a collection. */
public final class ProcessProbes {

  private ProcessProbes() {}

  /**
   * CPU seconds the whole process has used so far (all threads, user and system), from the JDK's
   * OperatingSystemMXBean; falls back to the sum over live threads, or -1 when neither is known.
   */
  public static double processCpuSeconds() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long nanos = sun.getProcessCpuTime();
      if (nanos >= 0) {
        return nanos / 1e9;
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isThreadCpuTimeSupported()) {
      return -1;
    }
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        sum += t; // threads that already ended are missing: a lower bound
      }
    }
    return sum / 1e9;
  }

  /**
   * File descriptors the process may still open (its limit less those open now), or -1 when the
   * platform does not say (not a Unix JVM).
   */
  public static long freeFileDescriptors() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
    }
    return -1;
  }

  /**
   * Heap bytes in use after asking for full collections: read with the fleet and once it is gone,
   * and divide the difference by the appliance count.
   */
  public static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // Two rounds: the first may only move objects with finalizers or soft references along.
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Heap per appliance: ({@code usedAfter} - {@code usedBefore}) / {@code appliances}, never below
   * zero. {@code usedBefore} is the heap without the fleet (0 to charge everything).
   */
  public static long heapBytesPerAppliance(long usedBefore, long usedAfter, int appliances) {
    if (appliances <= 0) {
      throw new IllegalArgumentException(
          "heap per appliance needs at least one appliance, got " + appliances);
    }
    return Math.max(0, usedAfter - usedBefore) / appliances;
  }
}
