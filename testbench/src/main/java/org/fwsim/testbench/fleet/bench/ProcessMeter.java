package org.fwsim.testbench.fleet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The process's CPU time and its heap after a collection, as the JVM reports them. */
final class ProcessMeter {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private ProcessMeter() {}

  /** CPU time of the whole process (every thread, the collector's too), in nanoseconds. */
  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report the process's CPU time");
  }

  /** The system's load average over the last minute (other processes included). */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Heap in use once garbage is collected: full collections until the figure settles (two in a row
   * within 1 %), at most five.
   */
  static long heapAfterGc() {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(last - used) < used / 100) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
