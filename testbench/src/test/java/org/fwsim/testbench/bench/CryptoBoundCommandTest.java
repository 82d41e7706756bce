package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.fwsim.testbench.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code fwsim crypto-bound} from the command line. */
class CryptoBoundCommandTest {

  @Test
  void printsTheBoundOnOneLine() {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("crypto-bound", "--key", "ec256", "--threads", "1", "--warmup", "0",
        "--seconds", "0.3", "--no-codec");
    assertEquals(0, code);
    assertTrue(out.toString().matches("raw ec256\\+password 1 thread: [0-9,]+ renewals in 0\\.[0-9]{2} s = "
        + "[0-9.]+/s\\R"), out.toString());
  }

  @Test
  void withoutAChallengeAnEcBoundIsKeyAgreement() {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("crypto-bound", "--key", "ec256", "--no-challenge", "--threads", "1",
        "--warmup", "0", "--seconds", "0.3", "--no-codec");
    assertEquals(0, code);
    assertTrue(out.toString().startsWith("raw ec256+keyagree 1 thread: "), out.toString());
  }

  @Test
  void unknownKeyIsAnErrorNamingIt() {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("crypto-bound", "--key", "rsa1024", "--seconds", "0.1");
    assertNotEquals(0, code);
    assertTrue(err.toString().contains("'rsa1024'"), err.toString());
  }
}
