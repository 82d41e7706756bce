package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random lines built from CLI words and odd tokens never throw, never hang, and always leave a
 * configuration that shows, reloads and converts to typed views.
 */
class FuzzTest {
  private static final List<String> WORDS =
      List.of(
          "config",
          "edit",
          "set",
          "unset",
          "append",
          "select",
          "unselect",
          "next",
          "end",
          "abort",
          "delete",
          "purge",
          "rename",
          "to",
          "show",
          "full-configuration",
          "get",
          "sudo",
          "global",
          "vdom",
          "root",
          "system",
          "interface",
          "router",
          "static",
          "vpn",
          "certificate",
          "local",
          "setting",
          "sdwan",
          "members",
          "health-check",
          "sla",
          "service",
          "zone",
          "crl-verification",
          "ip",
          "dst",
          "device",
          "vdom-mode",
          "multi-vdom",
          "allowaccess",
          "ping",
          "https",
          "interface-select-method",
          "specify",
          "scep-password",
          "ENC",
          "0",
          "1",
          "65536",
          "-1",
          "10.0.0.0/8",
          "255.255.255.0",
          "1.2.3.4",
          "\"quoted word\"",
          "'x'",
          "\"",
          "\\",
          "y",
          "n",
          "?",
          "port1",
          "status",
          "enable",
          "vlanid",
          "type",
          "vlan",
          "management-vdom",
          "customer");

  @Test
  void randomLinesNeverBreakTheInterpreter() throws Exception {
    Random rnd = new Random(42);
    ConfigTree tree = new ConfigTree();
    CliSession cli = new CliSession(tree);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder line = new StringBuilder();
      int kind = rnd.nextInt(8);
      if (kind == 0) {
        // Steer into real contexts so deep states are reached, not just top-level errors.
        List<NodeSchema> tops = FortiSchema.ROOT.children();
        line.append("config ").append(tops.get(rnd.nextInt(tops.size())).name()).append(' ');
      } else if (kind == 1) {
        line.append("edit ").append(rnd.nextInt(4)).append(' ');
      } else if (kind == 2) {
        line.append("set ");
      }
      for (int j = 0, n = kind < 2 ? 0 : 1 + rnd.nextInt(kind == 2 ? 2 : 5); j < n; j++) {
        line.append(WORDS.get(rnd.nextInt(WORDS.size()))).append(' ');
      }
      assertNotNull(cli.execute(line.toString()));
      cli.complete(line.toString());
      cli.help(line.toString());
      if (cli.inContinuation() && rnd.nextInt(3) == 0) {
        cli.execute("\"");
      }
    }
    String full = ConfigFiles.fullConfiguration(tree);
    assertTrue(
        new CliSession(tree).execute("show").lines().count() > 10,
        "the fuzzer should have committed something");
    ConfigTree reloaded = new ConfigTree();
    ConfigFiles.load(reloaded, new StringReader(full));
    assertEquals(full, ConfigFiles.fullConfiguration(reloaded));
    assertEquals(tree.view(), reloaded.view());
  }
}
