package org.fwsim.hal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.fwsim.hal.io.SafeFiles.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that cannot be redirected by a planted link, readable by the owner alone. */
class SafeFilesTest {

  @Test
  void aLinkPlantedAtTheOldTemporaryNameOrAtTheFileIsReplacedNotFollowed(@TempDir Path dir)
      throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
    Path file = dir.resolve("fgvm.conf");
    Files.createSymbolicLink(dir.resolve("fgvm.conf.tmp"), victim);
    Files.createSymbolicLink(dir.resolve(".fgvm.conf.tmp"), victim);
    SafeFiles.write(file, "config system global\nend\n", Access.PRIVATE);
    assertEquals("precious\n", Files.readString(victim));
    assertEquals("config system global\nend\n", Files.readString(file));

    Files.delete(file);
    Files.createSymbolicLink(file, victim);
    SafeFiles.write(file, "new\n", Access.PRIVATE);
    assertEquals("precious\n", Files.readString(victim), "the link is replaced, not followed");
    assertFalse(Files.isSymbolicLink(file));
    assertEquals("new\n", Files.readString(file));
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of(".fgvm.conf.tmp", "fgvm.conf", "fgvm.conf.tmp", "victim"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary file left behind");
    }
  }

  @Test
  void privateFilesAndDirectoriesAreTheOwnersAlone(@TempDir Path dir) throws Exception {
    assumeTrue(SafeFiles.posix(dir), "POSIX permissions");
    Path sub = SafeFiles.createPrivateDirectories(dir.resolve("fleet/devices"));
    assertEquals("rwx------", permissions(dir.resolve("fleet")));
    assertEquals("rwx------", permissions(sub));
    Path key = sub.resolve("ca.key");
    Files.writeString(key, "old\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    SafeFiles.write(key, "-----BEGIN PRIVATE KEY-----\n", Access.PRIVATE);
    assertEquals("rw-------", permissions(key), "a replaced file is private too");
    SafeFiles.write(dir.resolve("report.html"), "<html/>", Access.SHARED);
    assertEquals("rw-r--r--", permissions(dir.resolve("report.html")));
    SafeFiles.append(sub.resolve("index.txt"), "V\t01\n", Access.PRIVATE);
    assertEquals("rw-------", permissions(sub.resolve("index.txt")));
  }

  @Test
  void appendRefusesALinkInsteadOfWritingThroughIt(@TempDir Path dir) throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
    Path log = dir.resolve("access.log");
    Files.createSymbolicLink(log, victim);
    assertThrows(IOException.class, () -> SafeFiles.append(log, "forged\n", Access.PRIVATE));
    assertEquals("precious\n", Files.readString(victim));
    SafeFiles.append(dir.resolve("index.txt"), "a\n", Access.PRIVATE);
    SafeFiles.append(dir.resolve("index.txt"), "b\n", Access.PRIVATE);
    assertEquals("a\nb\n", Files.readString(dir.resolve("index.txt")));
    assertTrue(Files.isRegularFile(dir.resolve("index.txt"), LinkOption.NOFOLLOW_LINKS));
  }

  private static String permissions(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
