package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registered commands dispatch by path; help and completion come from schema and registry. */
class CommandRegistryTest {
  private final List<String> calls = new ArrayList<>();

  private CliSession session() {
    CommandRegistry r = new CommandRegistry();
    r.load(CommandRegistryTest.class, "registry-test.cli");
    r.bind(
        "get system status",
        (ctx, args) -> "Hostname: " + ctx.tree().hostname() + "\nVDOM: " + ctx.vdom());
    r.bind(
        "execute date",
        (ctx, args) -> {
          calls.add("date " + args);
          return "current date is: 2026-11-23";
        });
    r.bind(
        "diagnose debug application",
        (ctx, args) -> {
          calls.add("debug " + args);
          return "";
        });
    r.bind("diagnose debug enable", (ctx, args) -> "");
    r.bind(
        "sim clock advance",
        (ctx, args) -> {
          throw new CliException("invalid duration", ReturnCodes.INVALID);
        });
    return new CliSession(new ConfigTree(), r, Services.NONE);
  }

  @Test
  void dispatchesByPathWithAbbreviationsAndArguments() {
    CliSession cli = session();
    assertEquals("Hostname: FGVM01\nVDOM: root\n", cli.execute("get system status"));
    assertEquals("Hostname: FGVM01\nVDOM: root\n", cli.execute("get sys stat"));
    assertEquals("current date is: 2026-11-23\n", cli.execute("exe date 2026-12-01"));
    assertEquals("", cli.execute("diag debug app scep -1"));
    assertEquals(List.of("date [2026-12-01]", "debug [scep, -1]"), calls);
    assertEquals(
        "invalid duration\nCommand fail. Return code -61\n",
        cli.execute("sim clock advance forever"));
  }

  @Test
  void handlerSeesItsServicesAndVdom() {
    CommandRegistry r = new CommandRegistry();
    r.register(
        "sim whoami",
        "Owner.",
        List.of(),
        (ctx, args) -> ctx.service(CharSequence.class) + "@" + ctx.vdom());
    Services services = Services.builder().add(CharSequence.class, "FGVM-7").build();
    CliSession cli = new CliSession(new ConfigTree(), r, services);
    assertEquals("FGVM-7@root\n", cli.execute("sim whoami"));
    assertThrows(
        IllegalStateException.class,
        () -> new CommandContext(cli.tree(), "root", cli, Services.NONE).service(String.class));
    assertThrows(
        IllegalArgumentException.class,
        () -> Services.builder().add(String.class, "a").add(String.class, "b"));
  }

  @Test
  void sessionStateIsPerSessionAndTyped() {
    SessionKey<Integer> counter = SessionKey.of("counter", () -> 0);
    CommandRegistry r = new CommandRegistry();
    r.register(
        "sim count",
        "Count.",
        List.of(),
        (ctx, args) -> {
          int next = ctx.session().state(counter) + 1;
          ctx.session().setState(counter, next);
          return Integer.toString(next);
        });
    CliSession one = new CliSession(new ConfigTree(), r, Services.NONE);
    CliSession two = new CliSession(new ConfigTree(), r, Services.NONE);
    assertEquals("1\n", one.execute("sim count"));
    assertEquals("2\n", one.execute("sim count"));
    assertEquals("1\n", two.execute("sim count"));
  }

  @Test
  void duplicatePathIsRefused() {
    CommandRegistry r = new CommandRegistry();
    r.register("execute date", "d", List.of(), (c, a) -> "");
    assertThrows(
        IllegalArgumentException.class,
        () -> r.register("execute date", "again", List.of(), (c, a) -> ""));
  }

  @Test
  void completionFromRegistryAndSchema() {
    CliSession cli = session();
    assertEquals(List.of("config", "get", "show", "diagnose", "execute", "sim"), cli.complete(""));
    assertEquals(List.of("debug"), cli.complete("diagnose d"));
    assertEquals(List.of("application", "enable"), cli.complete("diagnose debug "));
    assertEquals(List.of("scep", "forticron"), cli.complete("diagnose debug application "));
    assertEquals(List.of("ca", "local", "crl", "setting"), cli.complete("config vpn certificate "));
    assertTrue(cli.complete("get system ").containsAll(List.of("global", "interface", "status")));
    cli.execute("config vpn certificate local");
    cli.execute("edit c1");
    assertEquals(List.of("scep-url", "scep-password"), cli.complete("set scep"));
    assertEquals(
        List.of("none", "scep", "cmpv2", "acme2", "est"), cli.complete("set enroll-protocol "));
    assertEquals(List.of("set", "select", "show"), cli.complete("s"));
    cli.execute("next");
    assertEquals(List.of("c1"), cli.complete("edit "));
  }

  @Test
  void questionMarkHelpLists() {
    CliSession cli = session();
    String top = cli.help("");
    assertTrue(top.contains("execute                   Execute static commands.\n"), top);
    assertTrue(top.contains("config                    Configure object.\n"), top);
    String local = cli.help("config vpn certificate ");
    assertTrue(local.contains("local                     Local keys and certificates.\n"), local);
    cli.execute("config vpn certificate local");
    cli.execute("edit c1");
    String days = cli.help("set auto-regenerate-days ");
    assertEquals(
        "<integer>                 Number of days to wait before expiry of an updated "
            + "local certificate is requested (0 = disabled).\n",
        days);
    String sets = cli.help("set ");
    assertTrue(sets.contains("scep-url                  SCEP server URL.\n"), sets);
    assertTrue(!sets.contains("state "), "read-only state is not offered: " + sets);
  }
}
