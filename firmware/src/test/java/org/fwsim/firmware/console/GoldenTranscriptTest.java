package org.fwsim.firmware.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A short console session against its expected transcript, byte for byte: prompts, echoes, FortiOS
 * output shapes and errors. To update after an intended change, run the script through the fixture
 * and review the difference line by line before replacing the expected file.
 */
class GoldenTranscriptTest {

  @Test
  void shortSessionMatchesTheGoldenTranscript() throws IOException {
    String script = resource("console/short-session.cli");
    String expected = resource("console/short-session.transcript");
    try (ConsoleFixture c = new ConsoleFixture()) {
      assertEquals(expected, c.run(script));
      assertEquals(0, c.exitCode);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GoldenTranscriptTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
