package org.fwsim.testbench.ca;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The objects alive in this JVM, counted by class after a full collection (the JVM's own class
 * histogram, as {@code jcmd GC.class_histogram} prints it): what a part retains, told by counting
 * rather than by timing or by the heap's used size.
 */
record LiveObjects(Map<String, Long> instances, Map<String, Long> bytes, long totalBytes) {

  static LiveObjects now() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, Long> instances = new HashMap<>();
    Map<String, Long> bytes = new HashMap<>();
    long total = 0;
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        instances.merge(f[3], Long.parseLong(f[1]), Long::sum);
        bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
      } else if (f.length >= 3 && f[0].equals("Total")) {
        total = Long.parseLong(f[2]);
      }
    }
    return new LiveObjects(instances, bytes, total);
  }

  /**
   * The live heap's total bytes and the live instances of {@code className}, as two numbers: a
   * histogram kept whole while the next is taken would weigh on it (thousands of map entries).
   */
  static long[] totalAndInstancesOf(String className) throws Exception {
    LiveObjects o = now();
    return new long[] {o.totalBytes(), o.instancesOf(className)};
  }

  long instancesOf(String className) {
    return instances.getOrDefault(className, 0L);
  }
}
