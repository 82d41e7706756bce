package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.hal.lang.CliKeyword;
import org.junit.jupiter.api.Test;

/** The CLI schema files: their syntax, and that the firmware binds a handler to every command. */
class CommandSchemaTest {

  @Test
  void everyCommandOfTheFirmwareSchemaHasAHandler() {
    assertEquals(List.of(), FirmwareCommands.newRegistry().unbound());
  }

  @Test
  void aCommandWithoutHandlerIsUnboundAndAnUnknownPathCannotBeBound() {
    CommandRegistry r = new CommandRegistry();
    r.load(CommandSchemaTest.class, "schema-test.cli");
    assertEquals(List.of("sim demo run", "sim demo stop"), r.unbound());
    r.bind("sim demo run", (ctx, args) -> "");
    assertEquals(List.of("sim demo stop"), r.unbound());
    assertThrows(IllegalArgumentException.class, () -> r.bind("sim demo walk", (c, a) -> ""));
    assertThrows(IllegalArgumentException.class, () -> r.bind("sim demo run", (c, a) -> ""));
  }

  @Test
  void argumentsTakeChoicesSecretsAndGroups() {
    Map<String, List<ArgSpec>> groups = new HashMap<>();
    List<CommandSchema.Entry> entries =
        CommandSchema.parse(
            """
            # a comment
            @who:
              user: User name.
              password (secret): Its password.
            sim demo: Demo: words.
            sim demo run: Run it.
              speed {slow|fast}: Speed: slow or fast.
              @who
            """,
            groups);
    assertEquals(
        List.of(
            new CommandSchema.Entry("sim demo", "Demo: words.", List.of()),
            new CommandSchema.Entry(
                "sim demo run",
                "Run it.",
                List.of(
                    ArgSpec.of("speed", "Speed: slow or fast.", "slow", "fast"),
                    ArgSpec.of("user", "User name."),
                    ArgSpec.secret("password", "Its password.")))),
        entries);
    assertEquals(2, groups.get("who").size());
    assertThrows(
        IllegalArgumentException.class,
        () -> CommandSchema.parse("sim x: X.\n  @nobody\n", new HashMap<>()));
    assertThrows(
        IllegalArgumentException.class,
        () -> CommandSchema.parse("sim x: X.\n  y [a]: Bad.\n", new HashMap<>()));
  }

  @Test
  void debugApplicationChoicesAreTheDaemonsKeywords() {
    List<String[]> next =
        FirmwareCommands.newRegistry().next(List.of("diagnose", "debug", "application"));
    assertArrayEquals(
        Arrays.stream(DebugApplication.values()).map(CliKeyword::keyword).toArray(),
        next.stream().map(e -> e[0]).toArray());
  }
}
