package org.fwsim.firmware.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fwsim.firmware.cli.ConfigChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code execute restore config} replaces the configuration tree: what followed the old tree
 * follows the new one (the firmware's watchers), and an administrator confined to its VDOMs stays
 * confined when the console logs in again after the reboot.
 */
class RestoreReloginTest {

  private static final String MULTI_VDOM =
      "config system global\nset vdom-mode multi-vdom\nend\ny\nconfig vdom\nedit cust\nnext\nend\n";

  @Test
  void aConfinedConsoleStaysConfinedAfterARestore(@TempDir Path dir) {
    Path file = dir.resolve("multi.conf");
    try (ConsoleFixture c = new ConsoleFixture()) {
      c.run(MULTI_VDOM + "execute backup config file " + file + "\n");
      c.onAppliance(
          () -> {
            c.link.restrictTo(List.of("cust"));
            return null;
          });
      assertTrue(c.link.execute("config global").output().contains("Command fail"));

      ConsoleLink.Result restored = c.link.execute("execute restore config file " + file);
      assertFalse(restored.rebooted(), "it asks first");
      assertTrue(c.link.execute("y").rebooted());

      assertTrue(
          c.link.execute("config global").output().contains("Command fail"),
          "the administrator who logs in again is the same, confined one");
      assertTrue(c.link.execute("sudo root get system status").output().contains("Command fail"));
    }
  }

  @Test
  void firmwareWatchersFollowTheRestoredTree(@TempDir Path dir) {
    Path file = dir.resolve("saved.conf");
    try (ConsoleFixture c = new ConsoleFixture()) {
      List<ConfigChange> seen = new ArrayList<>();
      c.onAppliance(
          () -> {
            c.firmware.addConfigWatcher(seen::add);
            return null;
          });
      c.run(
          "execute backup config file " + file + "\nexecute restore config file " + file + "\ny\n");
      assertEquals("", seen.get(seen.size() - 1).path(), "a restore is a change of everything");
      seen.clear();

      c.run("config system interface\nedit port2\nset allowaccess ping ssh\nnext\nend\n");
      assertEquals(
          Set.of("system interface"),
          Set.copyOf(seen.stream().map(ConfigChange::path).toList()),
          "a commit on the restored tree reaches the watcher");
    }
  }
}
