package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Raw ESC, NUL and other control characters never enter a value and never leave by {@code show}
 * (issue 15, item 16: a value holding {@code ESC[2J} cleared the screen of whoever showed it).
 */
class ControlCharacterTest {

  private static boolean raw(String s) {
    return s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n');
  }

  @Test
  void aValueWithAControlCharacterIsRefusedAsFortiOsRefusesABadValue() {
    ConfigTree tree = new ConfigTree();
    CliSession cli = new CliSession(tree);
    String out =
        cli.run("config system global\nset alias \"lab\u001b[2Jx\"\nset hostname lab\nend");
    assertEquals("value parse error before 'lab\\x1b[2Jx'\nCommand fail. Return code -61\n", out);
    assertEquals("lab", tree.hostname(), "the rest of the block commits");
    for (String bad : new String[] {"a\u0000b", "a\u0007", "\u009b31m", "a\tb", "a\u007fb"}) {
      out = cli.run("config system global\nset alias " + Quoting.quote(bad) + "\nend");
      assertTrue(out.startsWith("value parse error before '"), out);
      assertFalse(raw(out), "the error does not echo it raw: " + out);
    }
    out = cli.run("config system interface\nedit \"x\u001bq\"\nend");
    assertTrue(out.startsWith("value parse error before 'x\\x1bq'"), out);
    assertFalse(raw(cli.run("show system global")));
  }

  @Test
  void aConfigFileLineWithAControlCharacterIsRefusedByLine() {
    ConfigTree tree = new ConfigTree();
    var e =
        ConfigFilesAndViewsTest.refused(
            tree,
            "config system global\nset hostname lab\nset alias \"\u001b]0;pwned\u0007\"\nend\n");
    assertEquals(1, e.errors().size());
    assertTrue(e.errors().get(0).startsWith("line 3: "), e.errors().get(0));
    assertFalse(raw(e.errors().get(0)), e.errors().get(0));
    assertEquals("lab", tree.hostname());
  }

  @Test
  void showAndGetNeverPrintARawControlCharacterHoweverItGotIn() {
    ConfigTree tree = new ConfigTree();
    // A path that is not the CLI (the firmware writing what a CA sent) is not checked by it.
    new CliSession(tree).run("config system interface\nedit port1\nnext\nend");
    tree.updateEntry(
        ConfigTree.ROOT_VDOM, "system interface", "port1", Map.of("alias", "ca\u001b[2J"));
    String show = new CliSession(tree).run("show system interface\nget system interface port1");
    assertFalse(raw(show), show);
    assertTrue(show.contains("set alias \"ca\\x1b[2J\""), show);
  }
}
