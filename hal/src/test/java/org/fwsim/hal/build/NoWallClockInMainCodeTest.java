package org.fwsim.hal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hal's main code never reads the real clock nor sleeps; only {@code SimClock} may read real time.
 * The lead copies this test and {@link ForbiddenTimeCalls} to firmware (with an empty allow-list).
 */
class NoWallClockInMainCodeTest {

  /** The only files allowed to read the real time, relative to src/main/java. */
  private static final Set<String> ALLOWED = Set.of("org/fwsim/hal/clock/SimClock.java");

  @Test
  void mainCodeUsesOnlyTheVirtualClock() {
    // Surefire runs with the module directory as working directory.
    List<String> findings = ForbiddenTimeCalls.scan(Path.of("src/main/java"), ALLOWED);
    assertEquals(List.of(), findings, "inject an InstantSource / SimClock / Scheduler instead");
  }

  @Test
  void theScanFindsEachForbiddenCallAndIgnoresCommentsAndStrings(@TempDir Path root)
      throws Exception {
    Path pkg = Files.createDirectories(root.resolve("org/example"));
    Files.writeString(
        pkg.resolve("Bad.java"),
        String.join(
            "\n",
            "package org.example;",
            "/** Never call Thread.sleep(1) or Instant.now() here. */",
            "class Bad {",
            "  long a = System.currentTimeMillis();",
            "  java.time.Instant b = java.time.Instant.now();",
            "  java.util.Date c = new java.util.Date();",
            "  String d = \"Thread.sleep(5) in a string is fine\"; // LocalDateTime.now( in a comment too",
            "  void e() throws Exception { Thread.sleep(10); java.util.concurrent.TimeUnit.SECONDS.sleep(1); }",
            "  Object f = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC);",
            "  Object g = java.time.Clock.systemUTC();",
            "  long h = System.nanoTime();",
            "}"));
    Files.writeString(pkg.resolve("Allowed.java"), "class Allowed { long t = System.nanoTime(); }");

    List<String> findings = ForbiddenTimeCalls.scan(root, Set.of("org/example/Allowed.java"));
    String all = String.join("\n", findings);
    assertEquals(7, findings.size(), all);
    for (int line : new int[] {4, 5, 6, 8, 9, 10, 11}) {
      assertTrue(
          all.contains("org/example/Bad.java:" + line + ":"),
          "line " + line + " not reported:\n" + all);
    }
    assertTrue(!all.contains(":2:") && !all.contains(":7:"), "comment or string reported:\n" + all);
    assertTrue(!all.contains("Allowed.java"), all);
  }

  @Test
  void aMissingSourceRootIsAClearError(@TempDir Path root) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ForbiddenTimeCalls.scan(root.resolve("nope"), Set.of()));
    assertTrue(e.getMessage().contains("not a directory"));
  }
}
