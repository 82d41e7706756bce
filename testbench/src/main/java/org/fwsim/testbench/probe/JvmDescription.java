package org.fwsim.testbench.probe;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Names the JVM a run measured on: its release, its garbage collector and whether an ahead-of-time
 * cache was given. A storm's figures depend on all three (benchmarks.md), so a report read later
 * must say which it had.
 */
public final class JvmDescription {

  private JvmDescription() {}

  /** For example {@code Java 25.0.1 (OpenJDK 64-Bit Server VM), GC PS Scavenge + PS MarkSweep}. */
  public static String current() {
    List<String> collectors =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .toList();
    return describe(
        Runtime.version().toString(),
        System.getProperty("java.vm.name", "unknown VM"),
        collectors,
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  static String describe(
      String version, String vmName, List<String> collectors, List<String> jvmArguments) {
    String cache =
        jvmArguments.stream().anyMatch(a -> a.startsWith("-XX:AOTCache="))
            ? ", ahead-of-time cache"
            : "";
    String gc = collectors.isEmpty() ? "unknown" : String.join(" + ", collectors);
    return "Java " + version + " (" + vmName + "), GC " + gc + cache;
  }
}
