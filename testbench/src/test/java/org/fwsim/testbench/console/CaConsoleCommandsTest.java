package org.fwsim.testbench.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CommandRegistry;
import org.junit.jupiter.api.Test;

/** The console's CA commands bind a handler to every command their schema names. */
class CaConsoleCommandsTest {

  @Test
  void everyCommandOfTheSchemaHasAHandler() {
    CommandRegistry r = FirmwareCommands.newRegistry();
    CaConsoleCommands.register(r, () -> null, () -> null);
    assertEquals(List.of(), r.unbound());
  }
}
