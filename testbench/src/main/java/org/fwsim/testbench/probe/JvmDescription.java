package org.fwsim.testbench.probe;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Names the JVM a run measured on: its release, its garbage collector, the JIT options it was given
 * and whether an ahead-of-time cache was given. A storm's figures depend on each (benchmarks.md),
 * so a report read later must say which it had.
 */
public final class JvmDescription {

  /** The JIT's options that move a short storm's CPU (benchmarks.md), named when given. */
  private static final Pattern JIT_OPTION =
      Pattern.compile(
          "-XX:(FreqInlineSize|MaxInlineLevel|InlineSmallCode|CompileThresholdScaling"
              + "|TieredStopAtLevel|CICompilerCount)=.*");

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
    List<String> jit =
        jvmArguments.stream()
            .filter(a -> JIT_OPTION.matcher(a).matches())
            .map(a -> a.substring("-XX:".length()))
            .toList();
    String gc = collectors.isEmpty() ? "unknown" : String.join(" + ", collectors);
    return "Java "
        + version
        + " ("
        + vmName
        + "), GC "
        + gc
        + (jit.isEmpty() ? "" : ", JIT " + String.join(" ", jit))
        + cache;
  }
}
