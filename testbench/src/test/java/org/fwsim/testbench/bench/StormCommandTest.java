package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code fwsim storm} from the command line: errors are one clear line, not a stack trace. */
class StormCommandTest {

  @Test
  void aPhaseLongerThanTheTimeoutSaysWhichAndHowFarItGot() {
    StormCommand storm = new StormCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    storm.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    storm.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);

    int code = new CommandLine(storm).execute("--devices", "50", "--timeout", "1ms");

    String error = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, error);
    assertTrue(error.startsWith("fwsim storm: keygen: "), error);
    assertTrue(error.contains(" of 200 keys after 0 s"), error);
    assertTrue(error.contains("longer than --timeout 1ms allows"), error);
    assertFalse(error.contains("\tat "), "no stack trace: " + error);
  }

  @Test
  void badOptionsAreRefusedBeforeAnythingStarts() {
    StormCommand storm = new StormCommand();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    storm.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);

    int code = new CommandLine(storm).execute("--key", "dsa1024");

    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--key must be rsa2048, rsa4096 or ec256"),
        err.toString(StandardCharsets.UTF_8));
  }
}
