package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Bytes as console lines and as a configuration file. A console line always gets a FortiOS answer
 * (text, possibly empty; no stack trace); a file loads or is refused with an {@link IOException}.
 * Without {@code JAZZER_FUZZ=1} each target replays its seeds under {@code CliFuzzTestInputs/}.
 */
class CliFuzzTest {

  private static final Path FILE = Path.of("fuzz.conf");

  /** Each line of the input in turn, on one session of a factory-default appliance. */
  @FuzzTest
  void consoleLines(byte[] input) {
    CliSession cli = new CliSession(ConfigFiles.factoryDefault("FGT-FUZZ"));
    for (String line : new String(input, StandardCharsets.UTF_8).split("\n", -1)) {
      String answer = cli.execute(line);
      assertNotNull(answer, line);
      // FortiOS echoes a bad token back ("value parse error before '...'"): only a trace the line
      // did not bring in is the simulator's own.
      for (String trace : new String[] {"Exception", "\tat "}) {
        assertFalse(answer.contains(trace) && !line.contains(trace), answer);
      }
    }
  }

  @FuzzTest
  void configFile(byte[] bytes) {
    ConfigFile loaded;
    try {
      loaded = ConfigFile.load(FILE, bytes);
    } catch (IOException refused) {
      assertNotNull(refused.getMessage());
      return;
    }
    assertNotNull(loaded.tree());
    assertNotNull(ConfigFiles.fullConfiguration(loaded.tree()));
  }
}
