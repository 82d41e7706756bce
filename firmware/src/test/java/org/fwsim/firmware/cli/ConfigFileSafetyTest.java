package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.fwsim.hal.io.SafeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving a configuration cannot be redirected, and its file is the owner's alone (issue 15). */
class ConfigFileSafetyTest {
  @TempDir Path dir;

  private static ConfigTree lab() {
    ConfigTree tree = new ConfigTree();
    new CliSession(tree).run("config system global\nset hostname lab\nend");
    return tree;
  }

  @Test
  void saveDoesNotFollowALinkPlantedAtTheTemporaryPath() throws Exception {
    Path victim = Files.writeString(dir.resolve("authorized_keys"), "ssh-ed25519 AAAA user\n");
    Path file = dir.resolve("fgt.conf");
    Files.createSymbolicLink(dir.resolve("fgt.conf.tmp"), victim);
    ConfigFiles.save(lab(), file);
    assertEquals("ssh-ed25519 AAAA user\n", Files.readString(victim));
    assertEquals(ConfigFiles.fullConfiguration(lab()), Files.readString(file));
  }

  @Test
  void configurationsAndBackupsAreCreatedOwnerOnly() throws Exception {
    assumeTrue(SafeFiles.posix(dir), "POSIX permissions");
    Path file = dir.resolve("fgt.conf");
    ConfigFiles.save(lab(), file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse(Files.isSymbolicLink(file));
  }
}
