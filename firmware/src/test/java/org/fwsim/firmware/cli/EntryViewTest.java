package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.VdomConfig;
import org.junit.jupiter.api.Test;

/** A firmware update of one certificate entry: the view it publishes converts only that entry. */
class EntryViewTest {

  private final ConfigTree tree = ConfigFiles.factoryDefault("FGVM01");

  EntryViewTest() {
    new CliSession(tree)
        .run(
            """
            config router static
            edit 1
            set device port1
            next
            end
            config vpn certificate local
            edit c1
            next
            edit c2
            next
            end
            config vpn certificate ca
            edit ca1
            next
            end""");
  }

  @Test
  void anUpdatedLocalEntryReadsAsAFullConversionWouldAndTheRestIsShared() {
    ApplianceConfig before = tree.view();
    List<ConfigChange> changes = new ArrayList<>();
    tree.addListener(changes::add);
    tree.updateEntry(
        "root", "vpn certificate local", "c2", Map.of("state", "OK", "certificate", "PEM"));
    ApplianceConfig after = tree.view();
    assertEquals(TypedViews.of(tree), after, "the same view a whole conversion reads");
    VdomConfig was = before.vdom("root").orElseThrow();
    VdomConfig now = after.vdom("root").orElseThrow();
    assertEquals("PEM", now.localCertificates().get(1).certificatePem());
    assertEquals("OK", now.localCertificates().get(1).state());
    assertSame(was.localCertificates().get(0), now.localCertificates().get(0), "c1 unchanged");
    assertSame(was.staticRoutes(), now.staticRoutes());
    assertSame(was.sdwan(), now.sdwan());
    assertSame(was.caCertificates(), now.caCertificates());
    assertEquals(List.of(new ConfigChange("root", "vpn certificate local")), changes);
  }

  @Test
  void anUpdatedCaEntryReadsAsAFullConversionWould() {
    VdomConfig was = tree.view().vdom("root").orElseThrow();
    tree.updateEntry("root", "vpn certificate ca", "ca1", Map.of("ca", "CA PEM"));
    VdomConfig now = tree.view().vdom("root").orElseThrow();
    assertEquals(TypedViews.of(tree), tree.view());
    assertEquals("CA PEM", now.caCertificates().get(0).caPem());
    assertSame(was.localCertificates(), now.localCertificates());
  }

  @Test
  void anotherTableStillConvertsItsVdom() {
    tree.updateEntry("root", "router static", "1", Map.of("distance", "20"));
    assertEquals(TypedViews.of(tree), tree.view());
    assertEquals(20, tree.view().vdom("root").orElseThrow().staticRoutes().get(0).distance());
  }
}
