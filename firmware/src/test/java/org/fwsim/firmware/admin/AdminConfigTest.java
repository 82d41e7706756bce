package org.fwsim.firmware.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.PasswordHash;
import org.junit.jupiter.api.Test;

/** The admin tables as the CLI shows them, and their round trip through a saved file. */
class AdminConfigTest {
  private static final Pattern HASH = Pattern.compile("set password ENC (SH2[A-Za-z0-9+/=]{60})");

  @Test
  void showPrintsThePasswordHashedNeverInClear() {
    ConfigTree tree = ConfigFiles.factoryDefault("FGT-1");
    CliSession cli = new CliSession(tree);
    cli.run("config system admin\nedit admin\nset password fwsim\nnext\nend");
    String show = cli.execute("show system admin");
    assertTrue(show.contains("edit \"admin\""), show);
    assertTrue(show.contains("set accprofile \"super_admin\""), show);
    assertTrue(show.contains("set vdom \"root\""), show);
    assertFalse(show.contains("fwsim"), show);
    Matcher m = HASH.matcher(show);
    assertTrue(m.find(), show);
    assertTrue(PasswordHash.matches(m.group(1), "fwsim"));
    assertFalse(PasswordHash.matches(m.group(1), "fwsin"));
  }

  @Test
  void aSavedHashLoadsBackUnchangedAndStillMatches() throws Exception {
    ConfigTree tree = ConfigFiles.factoryDefault("FGT-1");
    Admins.setPassword(tree, "admin", "fwsim");
    String saved = ConfigFiles.fullConfiguration(tree);
    ConfigTree again = new ConfigTree();
    ConfigFiles.load(again, new StringReader(saved));
    assertEquals(saved, ConfigFiles.fullConfiguration(again));
    String stored = again.global().table("system admin").get("admin").text("password");
    assertTrue(PasswordHash.matches(stored, "fwsim"));
  }

  @Test
  void aForgedHashIsRefused() {
    CliSession cli = new CliSession(ConfigFiles.factoryDefault("FGT-1"));
    String out =
        cli.run("config system admin\nedit admin\nset password ENC SH2notahash\nnext\nend");
    assertTrue(out.contains("Command fail"), out);
  }

  @Test
  void factoryProfilesSettingsAndAllowaccess() {
    ConfigTree tree = ConfigFiles.factoryDefault("FGT-1");
    CliSession cli = new CliSession(tree);
    String profiles = cli.execute("show system accprofile");
    assertTrue(profiles.contains("edit \"prof_admin\""), profiles);
    assertTrue(profiles.contains("edit \"super_admin\""), profiles);
    assertTrue(profiles.contains("set sysgrp read-write"), profiles);

    AdminSettings s = AdminSettings.of(tree);
    assertEquals(
        new AdminSettings(
            Duration.ofMinutes(5), 3, Duration.ofSeconds(60), 22, 443, "self-sign", true),
        s);
    cli.run(
        "config system console\nset output standard\nend\n"
            + "config system global\nset admin-ssh-port 2222\nset admin-sport 8443\nend");
    AdminSettings changed = AdminSettings.of(tree);
    assertFalse(changed.pagedOutput());
    assertEquals(2222, changed.sshPort());
    assertEquals(8443, changed.httpsPort());

    String port1 = cli.execute("show system interface port1");
    assertTrue(port1.contains("set allowaccess ping https ssh http fgfm"), port1);
  }

  @Test
  void setVdomIsAListOfVdomsThatExist() throws Exception {
    ConfigTree tree = ConfigFiles.factoryDefault("FGT-1");
    CliSession cli = new CliSession(tree);
    cli.run(
        "config system global\nset vdom-mode multi-vdom\nend\ny\nconfig vdom\nedit vd1\nnext\nend");
    String set =
        cli.run(
            "config global\nconfig system admin\nedit ops\nset accprofile prof_admin\n"
                + "set vdom vd1 root\nnext\nend\nend");
    assertEquals("", set);
    assertEquals(
        List.of("vd1", "root"), tree.global().table("system admin").get("ops").list("vdom"));
    String show = cli.run("config global\nshow system admin ops\nend");
    assertTrue(show.contains("set vdom \"vd1\" \"root\""), show);
    String refused =
        cli.run(
            "config global\nconfig system admin\nedit ops\nset vdom vd1 nosuch\nnext\nend\nend");
    assertTrue(refused.contains("Command fail"), refused);
    assertEquals(
        List.of("vd1", "root"), tree.global().table("system admin").get("ops").list("vdom"));

    ConfigTree again = new ConfigTree();
    ConfigFiles.load(again, new StringReader(ConfigFiles.fullConfiguration(tree)));
    assertEquals(
        List.of("vd1", "root"), again.global().table("system admin").get("ops").list("vdom"));
  }

  @Test
  void factoryAdminsJoinATemplateThatHasNoneAndSpareOneThatHas() {
    ConfigTree multi = new ConfigTree();
    new CliSession(multi)
        .run(
            "config system global\nset vdom-mode multi-vdom\nend\nconfig vdom\nedit vd1\nnext\nend");
    ConfigFiles.addFactoryAdmins(multi);
    assertEquals(List.of("admin"), multi.global().table("system admin").keys());
    assertEquals(2, multi.global().table("system accprofile").size());

    ConfigTree own = new ConfigTree();
    new CliSession(own).run("config system admin\nedit ops\nset password x\nnext\nend");
    ConfigFiles.addFactoryAdmins(own);
    assertEquals(List.of("ops"), own.global().table("system admin").keys());
  }
}
