package org.fwsim.firmware.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

  private static final String KEY =
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n"
          + "-----END ENCRYPTED PRIVATE KEY-----";
  private static final String CERT =
      "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n"
          + "-----END CERTIFICATE-----";

  /** A configuration with one local certificate and its key, as show full-configuration has it. */
  private Path withKeys() throws Exception {
    ConfigTree tree = lab();
    String out =
        new CliSession(tree)
            .run(
                "config vpn certificate local\nedit fgt-cert\nset private-key "
                    + Quoting.quote(KEY)
                    + "\nset certificate "
                    + Quoting.quote(CERT)
                    + "\nnext\nend\nconfig system interface\nedit port1\nset ip 10.1.1.1/24\n"
                    + "next\nend");
    assertFalse(out.contains("fail"), out);
    Path file = dir.resolve("fgt.conf");
    ConfigFiles.save(tree, file);
    return file;
  }

  @Test
  void oneRemovedQuoteNeverCostsTheKeys() throws Exception {
    Path file = withKeys();
    String text = Files.readString(file);
    String damaged = text.replaceFirst("set private-key \"", "set private-key ");
    Files.writeString(file, damaged);

    ConfigFile loaded = ConfigFile.load(file);
    assertFalse(loaded.refused().isEmpty(), "the damage is reported");
    assertTrue(loaded.refused().get(0).startsWith("line "), loaded.refused().get(0));
    assertTrue(
        loaded.warnings().stream().anyMatch(w -> w.contains("private key")),
        "" + loaded.warnings());
    new CliSession(loaded.tree()).run("config system global\nset alias unrelated\nend");

    IOException refused = assertThrows(IOException.class, () -> loaded.save(loaded.tree()));
    assertTrue(refused.getMessage().contains("private key"), refused.getMessage());
    assertEquals(damaged, Files.readString(file), "the file is not written");
    assertEquals(damaged, Files.readString(dir.resolve("fgt.conf.bak")), "the original is kept");
  }

  @Test
  void aTruncatedFileIsReportedBackedUpAndNeverSavedOverWhileItsKeysAreMissing() throws Exception {
    Path file = withKeys();
    String text = Files.readString(file);
    String truncated = text.substring(0, text.indexOf("MIIDdzCC") + 4);
    Files.writeString(file, truncated);

    ConfigFile loaded = ConfigFile.load(file);
    assertTrue(
        loaded.refused().stream().anyMatch(e -> e.contains("end of file")), "" + loaded.refused());
    assertThrows(IOException.class, () -> loaded.save(loaded.tree()));
    assertEquals(truncated, Files.readString(file));
    assertEquals(truncated, Files.readString(dir.resolve("fgt.conf.bak")));
  }

  @Test
  void aRefusedLineIsKeptInABackupBeforeTheFirstSaveAndEarlierBackupsStay() throws Exception {
    Path file = withKeys();
    String damaged = Files.readString(file).replace("set ip 10.1.1.1", "set ip 10.1.1.300");
    Files.writeString(file, damaged);
    Files.writeString(dir.resolve("fgt.conf.bak"), "an earlier backup\n");

    ConfigFile loaded = ConfigFile.load(file);
    assertEquals(1, loaded.refused().size(), "" + loaded.refused());
    loaded.save(loaded.tree());
    loaded.save(loaded.tree());
    assertEquals("an earlier backup\n", Files.readString(dir.resolve("fgt.conf.bak")));
    assertEquals(damaged, Files.readString(dir.resolve("fgt.conf.bak.1")));
    assertFalse(Files.exists(dir.resolve("fgt.conf.bak.2")), "one backup per damaged load");
    String saved = Files.readString(file);
    assertTrue(saved.contains("MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI"), saved);
    assertTrue(saved.contains("MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa"), saved);
  }

  @Test
  void aCleanLoadSavesWithoutBackup() throws Exception {
    Path file = withKeys();
    ConfigFile loaded = ConfigFile.load(file);
    assertEquals(List.of(), loaded.refused());
    loaded.save(loaded.tree());
    assertFalse(Files.exists(dir.resolve("fgt.conf.bak")));
  }

  @Test
  void aBinaryConfigIsRefusedNamingTheFileTheLineAndTheByte() throws Exception {
    Path file = dir.resolve("fgt.conf");
    byte[] bytes = "config system global\nset hostname lab\n\u0000PNG\nend\n".getBytes(UTF_8);
    bytes[bytes.length - 9] = (byte) 0x89;
    Files.write(file, bytes);
    IOException e = assertThrows(IOException.class, () -> ConfigFile.load(file));
    assertEquals(
        file + " line 3: byte 0x89 is not UTF-8 text: is this a configuration file?",
        e.getMessage());

    Files.write(file, "config system global\nset hostname lab\u0000\nend\n".getBytes(UTF_8));
    e = assertThrows(IOException.class, () -> ConfigFile.load(file));
    assertEquals(
        file + " line 2: a NUL byte is not text: is this a configuration file?", e.getMessage());
  }

  @Test
  void anEmptyConfigIsRefusedRatherThanBootedAsFactoryDefault() throws Exception {
    Path file = Files.createFile(dir.resolve("fgt.conf"));
    IOException e = assertThrows(IOException.class, () -> ConfigFile.load(file));
    assertTrue(e.getMessage().startsWith(file + " is empty (0 bytes)"), e.getMessage());
    Files.writeString(file, "\n  \n");
    e = assertThrows(IOException.class, () -> ConfigFile.load(file));
    assertTrue(e.getMessage().startsWith(file + " holds no configuration"), e.getMessage());
  }
}
