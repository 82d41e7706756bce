package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A session confined to an administrator's VDOMs (a profile of VDOM scope, VDOMs enabled). */
class VdomAdminSessionTest {

  @Test
  void onlyTheAdminsVdomsAndNeverGlobal() {
    ConfigTree tree = new ConfigTree();
    CliSession setup = new CliSession(tree);
    setup.run("config system global\nset vdom-mode multi-vdom\nend\ny");
    setup.run("config vdom\nedit cust\nnext\nend");

    CliSession ops = new CliSession(tree);
    ops.restrictTo(List.of("cust"));
    assertTrue(ops.execute("config global").contains("Command fail"));
    assertEquals("FGVM01 # ", ops.prompt(), "still at the top");
    assertTrue(ops.execute("sudo global get system status").contains("Command fail"));
    assertTrue(ops.execute("sudo root get system status").contains("Command fail"));

    assertFalse(ops.execute("config vdom").contains("Command fail"));
    assertTrue(ops.execute("edit root").contains("Command fail"));
    assertTrue(ops.execute("edit other").contains("Command fail"), "nor make one");
    assertEquals(List.of("root", "cust"), tree.vdomNames());
    assertTrue(ops.execute("edit cust").contains("current vf=cust"));
    assertEquals("FGVM01 (cust) # ", ops.prompt());
  }
}
