package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Prompts in every context, and the multi-vdom flow from the reference (§7). */
class PromptAndVdomTest {

  /** Runs each line and checks the prompt shown after it. */
  private static void expectPrompts(CliSession cli, String... linePrompt) {
    for (int i = 0; i < linePrompt.length; i += 2) {
      String out = cli.execute(linePrompt[i]);
      assertFalse(out.contains("Command fail"), linePrompt[i] + " -> " + out);
      assertEquals(linePrompt[i + 1], cli.prompt(), "after '" + linePrompt[i] + "'");
    }
  }

  @Test
  void promptsInNoVdomMode() {
    CliSession cli = new CliSession(new ConfigTree());
    assertEquals("FGVM01 # ", cli.prompt());
    expectPrompts(
        cli,
        "config system interface",
        "FGVM01 (interface) # ",
        "edit port1",
        "FGVM01 (port1) # ",
        "next",
        "FGVM01 (interface) # ",
        "end",
        "FGVM01 # ",
        "config vpn certificate local",
        "FGVM01 (local) # ",
        "edit \"FAC_SCEP\"",
        "FGVM01 (FAC_SCEP) # ",
        "end",
        "FGVM01 # ",
        "config system sdwan",
        "FGVM01 (sdwan) # ",
        "config health-check",
        "FGVM01 (health-check) # ",
        "edit ping_check",
        "FGVM01 (ping_check) # ",
        "config sla",
        "FGVM01 (sla) # ",
        "edit 1",
        "FGVM01 (1) # ",
        "next",
        "FGVM01 (sla) # ",
        "end",
        "FGVM01 (ping_check) # ",
        "next",
        "FGVM01 (health-check) # ",
        "end",
        "FGVM01 (sdwan) # ",
        "end",
        "FGVM01 # ",
        "config sys glo",
        "FGVM01 (global) # ",
        "set hostname FGT1-LEFT",
        "FGVM01 (global) # ",
        "end",
        "FGT1-LEFT # ");
  }

  @Test
  void multiVdomFlowAsOnTheDevice() {
    ConfigTree tree = new ConfigTree();
    CliSession cli = new CliSession(tree);
    expectPrompts(
        cli,
        "config system global",
        "FGVM01 (global) # ",
        "set vdom-mode multi-vdom",
        "FGVM01 (global) # ");
    assertEquals(
        "\nYou will be logged out for the operation to take effect.\n"
            + "Do you want to continue? (y/n)",
        cli.execute("end"));
    assertEquals("", cli.prompt(), "no prompt while the question waits");
    assertFalse(tree.multiVdom(), "not committed before the answer");
    cli.execute("y");
    assertTrue(tree.multiVdom());
    assertEquals("FGVM01 # ", cli.prompt());

    // In multi-vdom mode the top level only opens global or a VDOM.
    assertTrue(cli.execute("config system interface").endsWith("Command fail. Return code -61\n"));
    assertEquals("FGVM01 # ", cli.prompt());
    expectPrompts(
        cli,
        "config vdom",
        "FGVM01 (vdom) # ",
        "edit customer",
        "FGVM01 (customer) # ",
        "next",
        "FGVM01 (vdom) # ",
        "end",
        "FGVM01 # ",
        "config global",
        "FGVM01 (global) # ",
        "config system interface",
        "FGVM01 (interface) # ",
        "edit port2",
        "FGVM01 (port2) # ",
        "set vdom customer",
        "FGVM01 (port2) # ",
        "next",
        "FGVM01 (interface) # ",
        "end",
        "FGVM01 (global) # ",
        "end",
        "FGVM01 # ",
        "config vdom",
        "FGVM01 (vdom) # ",
        "edit customer",
        "FGVM01 (customer) # ",
        "config router static",
        "FGVM01 (static) # ",
        "edit 0",
        "FGVM01 (1) # ",
        "set device port2",
        "FGVM01 (1) # ",
        "set gateway 10.2.2.1",
        "FGVM01 (1) # ",
        "end",
        "FGVM01 (customer) # ",
        "end",
        "FGVM01 # ");
    assertEquals(List.of("root", "customer"), tree.vdomNames());
    assertEquals("customer", tree.view().interfaceNamed("port2").orElseThrow().vdom());
    assertEquals(1, tree.view().vdom("customer").orElseThrow().staticRoutes().size());
    assertTrue(tree.view().vdom("root").orElseThrow().staticRoutes().isEmpty());

    // sudo runs a get/show in another VDOM from the top.
    String shown = cli.execute("sudo customer show router static");
    assertTrue(shown.contains("set device \"port2\""), shown);
    assertEquals("config router static\nend\n", cli.execute("sudo root show router static"));
    // Global-scope tables are not reachable from inside a VDOM.
    cli.execute("config vdom");
    cli.execute("edit root");
    assertTrue(cli.execute("config system interface").contains("Command fail"));
    cli.execute("end");
  }

  @Test
  void multiVdomShowFullConfigurationReloadsIntoSameTree() throws Exception {
    ConfigTree tree = new ConfigTree();
    CliSession cli = new CliSession(tree);
    cli.setAutoConfirm(true);
    cli.run(
        """
        config system global
        set vdom-mode multi-vdom
        end
        config vdom
        edit customer
        config vpn certificate local
        edit c1
        set scep-url http://ca/scep
        next
        end
        next
        end
        config global
        config system interface
        edit port3
        set vdom customer
        next
        end
        end""");
    String full = ConfigFiles.fullConfiguration(tree);
    assertTrue(
        full.startsWith("config vdom\nedit root\nnext\nedit customer\nnext\nend\nconfig global\n"),
        full.substring(0, 80));
    ConfigTree reloaded = new ConfigTree();
    ConfigFiles.load(reloaded, new java.io.StringReader(full));
    assertEquals(full, ConfigFiles.fullConfiguration(reloaded));
    assertEquals(tree.view(), reloaded.view());
  }

  @Test
  void rootVdomCannotBeDeletedAndModeCannotDropWithVdoms() {
    CliSession cli = new CliSession(new ConfigTree());
    cli.setAutoConfirm(true);
    cli.run("config system global\nset vdom-mode multi-vdom\nend\nconfig vdom\nedit v2\nnext");
    assertEquals("vdom root is in use\nCommand fail. Return code -1\n", cli.execute("delete root"));
    cli.execute("end");
    cli.run("config global\nconfig system global\nset vdom-mode no-vdom");
    assertEquals(
        "node_check_object fail! for vdom-mode \n\nCommand fail. Return code -651\n",
        cli.execute("end"));
    assertTrue(cli.tree().multiVdom());
    cli.run("end\nconfig vdom\ndelete v2\nend");
    assertEquals(List.of("root"), cli.tree().vdomNames());
  }

  @Test
  void answeringNoKeepsNoVdomMode() {
    CliSession cli = new CliSession(new ConfigTree());
    cli.run("config system global\nset vdom-mode multi-vdom\nend");
    cli.execute("n");
    assertFalse(cli.tree().multiVdom());
  }

  @Test
  void editZeroAllocatesNextSequenceNumbers() {
    CliSession cli = new CliSession(ConfigFiles.factoryDefault("FGVM01"));
    cli.execute("config router static");
    cli.execute("edit 7");
    cli.execute("set device port1");
    cli.execute("next");
    cli.execute("edit 0");
    assertEquals("FGVM01 (8) # ", cli.prompt());
    cli.execute("set device port2");
    cli.execute("next");
    cli.execute("edit 0");
    cli.execute("set blackhole enable");
    cli.execute("end");
    assertEquals(
        List.of(7L, 8L, 9L),
        cli.tree().view().vdom("root").orElseThrow().staticRoutes().stream()
            .map(r -> r.seqNum())
            .toList());
  }
}
