package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.InterfaceConfig;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.config.StaticRouteConfig;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4InterfaceAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files (load, crash-safe save), typed views with effective values, the change listener. */
class ConfigFilesAndViewsTest {
  @TempDir Path dir;

  @Test
  void saveWritesAtomicallyAndLoadRestores() throws Exception {
    ConfigTree tree = new ConfigTree();
    new CliSession(tree).run("config system interface\nedit port1\nset ip 10.1.1.1/24\nnext\nend");
    Path file = dir.resolve("fgt.conf");
    Files.writeString(file, "old content");
    ConfigFiles.save(tree, file);
    assertFalse(Files.exists(dir.resolve("fgt.conf.tmp")), "temporary file must be renamed away");
    String saved = Files.readString(file);
    assertEquals(ConfigFiles.fullConfiguration(tree), saved);
    ConfigTree loaded = new ConfigTree();
    try (var r = Files.newBufferedReader(file)) {
      ConfigFiles.load(loaded, r);
    }
    assertEquals(tree.view(), loaded.view());
  }

  /** Loads {@code text}, which must have refused lines, and returns the refusal. */
  static ConfigFiles.ConfigLoadException refused(ConfigTree tree, String text) {
    return assertThrows(
        ConfigFiles.ConfigLoadException.class,
        () -> ConfigFiles.load(tree, new StringReader(text)));
  }

  @Test
  void loadReportsRefusedLinesAndKeepsTheRest() {
    ConfigTree tree = new ConfigTree();
    var e =
        refused(
            tree,
            "#config-version=FGVM64-7.4.9\nconfig system global\n"
                + "set hostname lab1\nset bogus 1\nend\n");
    assertEquals(1, e.errors().size());
    assertTrue(
        e.errors().get(0).startsWith("line 4: set bogus 1: command parse error"),
        e.errors().get(0));
    assertEquals("lab1", tree.hostname());
  }

  @Test
  void typedViewsCarryEffectiveValues() {
    ConfigTree tree = new ConfigTree();
    new CliSession(tree)
        .run(
            """
        config system interface
        edit port1
        set ip 192.168.1.99 255.255.255.0
        set allowaccess ping https
        next
        end
        config router static
        edit 1
        set dst 10.0.0.0/8
        set device port1
        set gateway 192.168.1.1
        next
        end
        config vpn certificate setting
        set interface-select-method specify
        set interface port1
        end""");
    ApplianceConfig v = tree.view();
    InterfaceConfig p1 = v.interfaceNamed("port1").orElseThrow();
    assertEquals(new Ip4InterfaceAddress(Ip4.parse("192.168.1.99"), 24), p1.ip());
    assertEquals(List.of("ping", "https"), p1.allowAccess());
    assertTrue(p1.up());
    assertEquals("root", p1.vdom());
    StaticRouteConfig r = v.vdom("root").orElseThrow().staticRoutes().get(0);
    assertEquals(10, r.distance(), "default distance");
    assertEquals(1, r.priority(), "default priority");
    assertEquals(8, r.dst().length());
    assertEquals(Ip4.parse("192.168.1.1"), r.gateway());
    var setting = v.vdom("root").orElseThrow().certificateSetting();
    assertEquals(InterfaceSelectMethod.SPECIFY, setting.interfaceSelectMethod());
    assertEquals("port1", setting.interfaceName());
    assertEquals(14, setting.certExpireWarningDays(), "default cert-expire-warning");
  }

  @Test
  void listenerHearsEachCommitAndNothingForRefusedBlocks() {
    ConfigTree tree = ConfigFiles.factoryDefault("FGVM01");
    List<ConfigChange> changes = new ArrayList<>();
    tree.addListener(changes::add);
    CliSession cli = new CliSession(tree);
    cli.run("config router static\nedit 1\nset device port1\nnext\nedit 2\nnext\nend");
    assertEquals(List.of(new ConfigChange("root", "router static")), changes);
    cli.run("config system interface\nedit port9\nend");
    assertEquals(new ConfigChange(null, "system interface"), changes.get(1));
    ApplianceConfig before = tree.view();
    cli.run("config vpn certificate setting\nset interface-select-method specify\nend");
    assertEquals(2, changes.size(), "refused block must not notify");
    assertEquals(before, tree.view());
  }

  @Test
  void firmwareWritesReadOnlyState() {
    ConfigTree tree = new ConfigTree();
    new CliSession(tree).run("config vpn certificate local\nedit c1\nnext\nend");
    tree.updateEntry("root", "vpn certificate local", "c1", Map.of("state", "PENDING"));
    assertEquals(
        "PENDING", tree.view().vdom("root").orElseThrow().localCertificates().get(0).state());
    String get = new CliSession(tree).execute("get vpn certificate local c1");
    assertTrue(get.contains("state               : PENDING\n"), get);
    assertThrows(
        IllegalArgumentException.class,
        () -> tree.updateEntry("root", "vpn certificate local", "nosuch", Map.of("state", "x")));
  }

  @Test
  void firmwareCreatesEntriesCheckedAsTyped() {
    ConfigTree tree = new ConfigTree();
    List<ConfigChange> changes = new ArrayList<>();
    tree.addListener(changes::add);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("password", "s3cret");
    values.put("enroll-protocol", "scep");
    values.put("source-ip", "192.168.1.99");
    tree.createEntry("root", "vpn certificate local", "c1", values);
    assertEquals(List.of(new ConfigChange("root", "vpn certificate local")), changes);
    var c1 = tree.view().vdom("root").orElseThrow().localCertificates().get(0);
    assertEquals(org.fwsim.firmware.config.EnrollProtocol.SCEP, c1.enrollProtocol());
    assertEquals("s3cret", c1.password().orElseThrow().reveal());
    String show = new CliSession(tree).execute("show vpn certificate local c1");
    assertTrue(show.contains("set password ENC "), show);

    var refusals =
        List.<Runnable>of(
            () -> tree.createEntry("root", "vpn certificate local", "c1", Map.of()),
            () ->
                tree.createEntry(
                    "root", "vpn certificate local", "c2", Map.of("source-ip", "1.2.3.999")),
            () -> tree.createEntry("root", "vpn certificate local", "c3", Map.of("state", "OK")),
            () -> tree.createEntry("root", "router static", "1", Map.of("gateway", "10.0.0.1")),
            () -> tree.createEntry("nosuch", "vpn certificate local", "c4", Map.of()));
    for (Runnable refused : refusals) {
      assertThrows(IllegalArgumentException.class, refused::run);
    }
    IllegalArgumentException noDevice =
        assertThrows(
            IllegalArgumentException.class,
            () -> tree.createEntry("root", "router static", "1", Map.of("gateway", "10.0.0.1")));
    assertTrue(
        noDevice.getMessage().contains("node_check_object fail! for device"),
        noDevice.getMessage());
    assertEquals(1, changes.size(), "a refused entry changes nothing and notifies no one");
    assertEquals(1, tree.view().vdom("root").orElseThrow().localCertificates().size());
  }

  @Test
  void validatorsArePureFunctionsOfTheStagedObject() {
    NodeSchema setting = FortiSchema.ROOT.child("vpn certificate setting");
    ConfigObject o = new ConfigObject(setting);
    assertNull(setting.validator().check(o));
    o.set(setting.attribute("interface-select-method"), "specify");
    assertEquals("interface", setting.validator().check(o));
    o.set(setting.attribute("interface"), "port1");
    assertNull(setting.validator().check(o));
    NodeSchema route = FortiSchema.ROOT.child("router static");
    ConfigObject r = new ConfigObject(route);
    assertEquals("device", route.validator().check(r));
    r.set(route.attribute("sdwan-zone"), List.of("virtual-wan-link"));
    assertNull(route.validator().check(r));
  }

  @Test
  void unsetObjectsStoreNothing() {
    ConfigObject o = new ConfigObject(FortiSchema.ROOT.child("vpn certificate local"));
    assertTrue(o.isEmpty());
    o.set(o.schema().attribute("comments"), null);
    assertTrue(o.isEmpty());
    assertEquals("global", o.text("range"));
    assertNull(o.configured("range"));
  }
}
