package org.fwsim.testbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fwsim.testbench.report.model.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process in the middle of writing {@code results.json} leaves the last whole
 * report (issue 15, item 13: a kill at the write left 0 bytes beside the previous run's report).
 */
class ReportKillTest {

  @Test
  void aKillDuringTheWriteLeavesTheLastWholeReport(@TempDir Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    String java = javaBin();
    for (int kill = 1; kill <= 3; kill++) {
      Process child =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  Writer.class.getName(),
                  dir.toString())
              .redirectErrorStream(true)
              .start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        // The child writes without pause: killed after its k-th report, it is inside the next.
        String line;
        do {
          line = out.readLine();
          assertNotNull(line, "the writer died before its report " + kill);
        } while (!line.equals("written " + kill));
        child.destroyForcibly();
      }
      child.waitFor();
      Map<?, ?> report = json.readValue(dir.resolve(ReportFiles.JSON).toFile(), Map.class);
      assertEquals(10, ((Number) report.get("devices")).intValue(), "after kill " + kill);
    }
  }

  @Test
  void aWriteCutShortInTheMiddleLeavesThePreviousReport(@TempDir Path dir) throws Exception {
    // The kernel stops the child's write at 256 KiB (or 512) of its 1 MiB report (ulimit -f; the
    // JVM
    // ignores SIGXFSZ, so the write fails there): a file written in place would be torn.
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell");
    ReportFiles.write(ReportFilesTest.sampleRun(), dir);
    Process child =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "ulimit -f 512 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\" once",
                javaBin(),
                System.getProperty("java.class.path"),
                Writer.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertNotEquals(0, child.waitFor(), out);
    assertTrue(out.contains("File too large"), out);
    Map<?, ?> report =
        new ObjectMapper().readValue(dir.resolve(ReportFiles.JSON).toFile(), Map.class);
    assertFalse(
        ((Map<?, ?>) report.get("parameters")).containsKey("--padding"), "the previous one");
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The child: writes reports of a few MB into its directory until killed (or once). */
  public static final class Writer {
    private Writer() {}

    public static void main(String[] args) {
      RunResults run = ReportFilesTest.sampleRun(Map.of("--padding", "x".repeat(1 << 20)));
      Path dir = Path.of(args[0]);
      for (int n = 1; args.length == 1 || n == 1; n++) {
        ReportFiles.write(run, dir);
        System.out.println("written " + n);
        System.out.flush();
      }
    }
  }
}
