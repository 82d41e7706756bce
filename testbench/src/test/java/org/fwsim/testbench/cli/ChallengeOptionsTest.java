package org.fwsim.testbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The challenge reaches every command that takes {@code --challenge} from a file or the environment
 * too, so that it need not be on a command line {@code ps} shows (issue 15, item 12).
 */
class ChallengeOptionsTest {

  private static ChallengeOptions parse(String... args) {
    ChallengeOptions o = new ChallengeOptions();
    new CommandLine(o).parseArgs(args);
    return o;
  }

  @Test
  void fromTheCommandLineAFileOrTheEnvironment(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("FWSIM_CHALLENGE", "from-env");
    assertEquals("given", parse("--challenge", "given").value(env));
    Path file = Files.writeString(dir.resolve("challenge"), "from-file\n");
    assertEquals("from-file", parse("--challenge-file", file.toString()).value(env));
    assertEquals("from-env", parse().value(env));
    assertNull(parse().value(Map.of()), "none: the command's default");
    assertTrue(parse().given(env));
    assertEquals(false, parse().given(Map.of()));
  }

  @Test
  void anEmptyOrMissingFileOrTwoSourcesAreRefused(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    var e =
        assertThrows(
            CommandLine.ParameterException.class,
            () -> parse("--challenge-file", empty.toString()).value(Map.of()));
    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    e =
        assertThrows(
            CommandLine.ParameterException.class,
            () -> parse("--challenge-file", dir.resolve("nosuch").toString()).value(Map.of()));
    assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    e =
        assertThrows(
            CommandLine.ParameterException.class,
            () -> parse("--challenge", "a", "--challenge-file", empty.toString()).value(Map.of()));
    assertTrue(e.getMessage().contains("not both"), e.getMessage());
  }

  @Test
  void everyCommandWithAChallengeOffersTheFileAndSaysWhyInItsHelp() {
    for (String command : new String[] {"ca", "console", "storm", "fleet"}) {
      CliRun run = CliRun.of(command, "--help");
      assertEquals(0, run.exitCode(), command);
      String help = run.out().replaceAll("\\s+", " ");
      assertTrue(help.contains("--challenge-file=FILE"), command + ": " + help);
      assertTrue(help.contains("FWSIM_CHALLENGE"), command + ": " + help);
      assertTrue(help.contains("shown by ps"), command + ": " + help);
    }
  }
}
