package org.fwsim.testbench.fleet;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.fwsim.hal.io.SafeFiles;

/**
 * The directory a long-running fleet keeps its state in, so that a restart with the same {@code
 * --dir} brings back the same fleet: {@code devices/<name>.conf} (each device's full configuration,
 * keys and certificates included), {@code ca/} (the embedded CA's depot: key, certificate, serials,
 * index), {@code fleet.properties} (the embedded CA's challenge) and the inventories.
 */
final class FleetDirectory {
  private final Path root;

  FleetDirectory(Path root) throws IOException {
    this.root = root.toAbsolutePath();
    SafeFiles.createPrivateDirectories(devices());
    SafeFiles.createPrivateDirectories(ca());
  }

  Path root() {
    return root;
  }

  Path devices() {
    return root.resolve("devices");
  }

  /** A device's saved configuration ({@code devices/FGT-00000.conf}). */
  Path deviceConfig(String name) {
    return devices().resolve(name + ".conf");
  }

  Path ca() {
    return root.resolve("ca");
  }

  Path inventoryCsv() {
    return root.resolve("inventory.csv");
  }

  Path inventoryYaml() {
    return root.resolve("inventory.yml");
  }

  /** The challenge the embedded CA had the last time, if any. */
  Optional<String> savedChallenge() throws IOException {
    Path f = root.resolve("fleet.properties");
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return Optional.ofNullable(p.getProperty("challenge"));
  }

  void saveChallenge(String challenge) throws IOException {
    Properties p = new Properties();
    p.setProperty("challenge", challenge);
    StringWriter w = new StringWriter();
    p.store(w, "fwsim fleet: the embedded CA's challenge, kept across restarts");
    writeAtomically(root.resolve("fleet.properties"), w.toString());
  }

  /** Writes {@code text} so that a crash leaves the old file or the new one, never a torn one. */
  static void writeAtomically(Path file, String text) throws IOException {
    // Private: the properties hold the CA's challenge, the inventories the admin's login.
    SafeFiles.write(file, text, SafeFiles.Access.PRIVATE);
  }
}
