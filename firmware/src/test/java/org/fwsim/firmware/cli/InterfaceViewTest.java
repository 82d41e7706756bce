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
    cli.run("config system interface\nedit v150\nset status down\nnext\nend");
    ApplianceConfig after = tree.view();
    assertEquals(TypedViews.of(tree), after, "the same view a whole conversion reads");
    assertEquals(false, after.interfaces().get(149).up());
    assertSharedExcept(before.interfaces(), after.interfaces(), "v150");
    assertSame(before.vdoms().get("root"), after.vdoms().get("root"));
    assertSame(before.global(), after.global());
  }

  @Test
  void aDeletedInterfaceLeavesTheOthersShared() {
    ApplianceConfig before = tree.view();
    cli.run("config system interface\ndelete v7\nend");
    ApplianceConfig after = tree.view();
    assertEquals(TypedViews.of(tree), after);
    assertEquals(INTERFACES - 1, after.interfaces().size());
    assertSharedExcept(before.interfaces(), after.interfaces(), "v7");
  }

  @Test
  void aNewInterfaceGoesLastAndTheOthersAreShared() {
    ApplianceConfig before = tree.view();
    cli.run("config system interface\nedit w1\nset ip 10.3.0.1 255.255.255.0\nnext\nend");
    ApplianceConfig after = tree.view();
    assertEquals(TypedViews.of(tree), after);
    assertEquals("w1", after.interfaces().get(INTERFACES).name());
    assertSharedExcept(before.interfaces(), after.interfaces(), "w1");
  }

  @Test
  void aGlobalTableTheViewDoesNotHoldLeavesTheViewAsItWas() {
    ApplianceConfig before = tree.view();
    cli.run("config system accprofile\nedit ops\nnext\nend");
    assertSame(before, tree.view());
    assertEquals(TypedViews.of(tree), tree.view());
  }

  /** Every interface but {@code changed} is the very object the earlier view held. */
  private static void assertSharedExcept(
      List<InterfaceConfig> before, List<InterfaceConfig> after, String changed) {
    for (InterfaceConfig was : before) {
      if (!was.name().equals(changed)) {
        InterfaceConfig now =
            after.stream().filter(i -> i.name().equals(was.name())).findFirst().orElseThrow();
        assertSame(was, now, was.name());
      }
    }
  }
}
