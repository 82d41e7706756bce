package org.fwsim.testbench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fwsim.testbench.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fwsim fleet}'s command line: its options and its refusals before anything boots. */
class FleetCommandTest {
  @TempDir Path dir;

  @Test
  void helpNamesTheOptions() {
    StringWriter w = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(w));
    assertEquals(0, cli.execute("fleet", "--help"));
    for (String option :
        new String[] {
          "--devices",
          "--dir",
          "--vdoms",
          "--template",
          "--admin-password",
          "--ca",
          "--challenge",
          "--ssh-port",
          "--https-port"
        }) {
      assertTrue(w.toString().contains(option), option + " in:\n" + w);
    }
  }

  @Test
  void aBadDeviceCountIsRefusedBeforeBooting() {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(new StringWriter()));
    assertEquals(2, cli.execute("fleet", "--devices", "0", "--dir", dir.toString()));
    assertFalse(Files.exists(dir.resolve("inventory.csv")));
  }
}
