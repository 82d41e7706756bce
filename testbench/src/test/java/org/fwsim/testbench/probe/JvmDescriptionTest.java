package org.fwsim.testbench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmDescriptionTest {

  @Test
  void namesTheReleaseTheCollectorsAndTheCache() {
    assertEquals(
        "Java 25.0.1+8 (OpenJDK 64-Bit Server VM), GC PS Scavenge + PS MarkSweep,"
            + " JIT FreqInlineSize=100, ahead-of-time cache",
        JvmDescription.describe(
            "25.0.1+8",
            "OpenJDK 64-Bit Server VM",
            List.of("PS Scavenge", "PS MarkSweep"),
            List.of(
                "-Xmx1g",
                "-XX:+UseParallelGC",
                "-XX:FreqInlineSize=100",
                "-XX:AOTCache=/tmp/fwsim.aot")));
    assertEquals(
        "Java 17.0.15 (OpenJDK 64-Bit Server VM), GC G1 Young Generation",
        JvmDescription.describe(
            "17.0.15", "OpenJDK 64-Bit Server VM", List.of("G1 Young Generation"), List.of()));
  }

  @Test
  void theRunningJvmIsDescribedByItsOwnCollectors() {
    String text = JvmDescription.current();
    assertTrue(text.startsWith("Java " + Runtime.version().feature()), text);
    String first = ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
    assertTrue(text.contains(first), text);
  }
}
