package org.fwsim.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void noArgumentsPrintsUsageAndSucceeds() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));

    assertEquals(0, cli.execute());
    assertTrue(out.toString().startsWith("Usage: fwsim"), out::toString);
  }

  @Test
  void unknownCommandIsAnErrorWithAMessage() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    assertEquals(2, cli.execute("no-such-command"));
    assertTrue(err.toString().contains("no-such-command"), err::toString);
  }
}
