package org.fwsim.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fwsim.testbench.cli.CliRun;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void noArgumentsPrintsUsageAndSucceeds() {
    CliRun run = CliRun.of();

    assertEquals(0, run.exitCode());
    assertTrue(run.out().startsWith("Usage: fwsim"), run::out);
  }

  @Test
  void unknownCommandIsAnErrorWithAMessage() {
    CliRun run = CliRun.of("no-such-command");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("no-such-command"), run::err);
  }
}
