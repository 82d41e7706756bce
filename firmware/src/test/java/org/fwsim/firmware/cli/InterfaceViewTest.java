package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.StringReader;
import java.util.List;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.InterfaceConfig;
import org.junit.jupiter.api.Test;

/**
 * A commit of one {@code config system interface} entry: the view it publishes reads only that
 * entry again, so that a script of single-entry commits on a large configuration stays linear.
 */
class InterfaceViewTest {

  private static final int INTERFACES = 300;

  private final ConfigTree tree = new ConfigTree();
  private final CliSession cli = new CliSession(tree);

  InterfaceViewTest() throws Exception {
    StringBuilder conf = new StringBuilder("config system interface\n");
    for (int i = 1; i <= INTERFACES; i++) {
      conf.append("edit v").append(i).append("\nset ip 10.").append(i / 250).append('.');
      conf.append(i % 250).append(".1 255.255.255.0\nnext\n");
    }
    ConfigFiles.load(tree, new StringReader(conf.append("end\n").toString()));
  }

  @Test
  void anEditedInterfaceReadsAsAFullConversionWouldAndTheRestIsShared() {
    ApplianceConfig before = tree.view();
    ApplianceConfig after =
        commitSharing("config system interface\nedit v150\nset status down\nnext\nend", "v150");
    assertEquals(false, after.interfaces().get(149).up());
    assertSame(before.vdoms().get("root"), after.vdoms().get("root"));
    assertSame(before.global(), after.global());
  }

  @Test
  void aDeletedInterfaceLeavesTheOthersShared() {
    ApplianceConfig after = commitSharing("config system interface\ndelete v7\nend", "v7");
    assertEquals(INTERFACES - 1, after.interfaces().size());
  }

  @Test
  void aNewInterfaceGoesLastAndTheOthersAreShared() {
    ApplianceConfig after =
        commitSharing(
            "config system interface\nedit w1\nset ip 10.3.0.1 255.255.255.0\nnext\nend", "w1");
    assertEquals("w1", after.interfaces().get(INTERFACES).name());
  }

  /**
   * Runs {@code commands} and checks that the view they publish reads as a whole conversion would,
   * with every interface but {@code changed} the very object the earlier view held.
   */
  private ApplianceConfig commitSharing(String commands, String changed) {
    List<InterfaceConfig> before = tree.view().interfaces();
    cli.run(commands);
    ApplianceConfig after = tree.view();
    assertEquals(TypedViews.of(tree), after, "the same view a whole conversion reads");
    for (InterfaceConfig was : before) {
      if (!was.name().equals(changed)) {
        InterfaceConfig now =
            after.interfaces().stream()
                .filter(i -> i.name().equals(was.name()))
                .findFirst()
                .orElseThrow();
        assertSame(was, now, was.name());
      }
    }
    return after;
  }

  @Test
  void aGlobalTableTheViewDoesNotHoldLeavesTheViewAsItWas() {
    ApplianceConfig before = tree.view();
    cli.run("config system accprofile\nedit ops\nnext\nend");
    assertSame(before, tree.view());
    assertEquals(TypedViews.of(tree), tree.view());
  }
}
