package org.fwsim.firmware.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.hal.io.SafeFiles;

/**
 * Configuration files: the {@code show full-configuration} text of an appliance, loaded back
 * through the same interpreter, and saved crash-safely (temporary file, fsync, atomic rename).
 */
public final class ConfigFiles {
  private ConfigFiles() {}

  /**
   * Loads a configuration file into {@code tree} (on top of what it holds). Every line runs through
   * the CLI in restore mode; listeners hear one change at the end.
   *
   * @throws ConfigLoadException listing each refused line with its line number and error, after
   *     loading every line that was accepted (as FortiOS skips bad lines of a restored file)
   */
  public static void load(ConfigTree tree, Reader reader) throws IOException, ConfigLoadException {
    CliSession session = new CliSession(tree);
    session.setRestoreMode(true);
    List<String> errors = new ArrayList<>();
    tree.beginBatch();
    try {
      BufferedReader in = new BufferedReader(reader);
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        String out = session.execute(line);
        if (out.contains("Command fail.")) {
          errors.add(
              "line "
                  + n
                  + ": "
                  + Quoting.printable(line.strip())
                  + ": "
                  + out.strip().replace('\n', ' '));
        }
      }
      if (session.inContinuation()) {
        errors.add("line " + n + ": end of file inside a quoted value: is the file truncated?");
      } else if (!session.atTop()) {
        errors.add("line " + n + ": end of file inside a config block: is the file truncated?");
      }
    } finally {
      tree.endBatch();
    }
    if (!errors.isEmpty()) {
      throw new ConfigLoadException(errors);
    }
  }

  /**
   * A factory-default appliance: the hostname, {@code port1} to {@code port4} with addresses {@code
   * 192.168.N.99/24} ({@code port1} allowing management access as a FortiGate-VM does) and the root
   * VDOM. INFERENCE: the addresses of port2..4 are the simulator's choice.
   */
  public static ConfigTree factoryDefault(String hostname) {
    ConfigTree tree = new ConfigTree();
    StringBuilder s =
        new StringBuilder("config system global\nset hostname ")
            .append(Quoting.quote(hostname))
            .append("\nend\nconfig system interface\n");
    for (int n = 1; n <= 4; n++) {
      s.append("edit \"port")
          .append(n)
          .append("\"\nset ip 192.168.")
          .append(n)
          .append(".99/24\n")
          .append(n == 1 ? "set allowaccess ping https ssh http fgfm\n" : "set allowaccess ping\n")
          .append("next\n");
    }
    s.append("end\n");
    try {
      load(tree, new java.io.StringReader(s.toString()));
    } catch (IOException | ConfigLoadException e) {
      throw new IllegalArgumentException("bad hostname for a factory default: " + hostname, e);
    }
    addFactoryAdmins(tree);
    return tree;
  }

  /**
   * Adds the factory access profiles ({@code super_admin}: global read-write; {@code prof_admin}:
   * VDOM read-write) and the {@code admin} account with no password, as a new FortiGate has them,
   * unless {@code tree} has administrators already (a template or a restored file that names its
   * own). Before the tree belongs to a running appliance, or on its mailbox.
   */
  public static void addFactoryAdmins(ConfigTree tree) {
    if (!tree.global().table("system admin").isEmpty()) {
      return;
    }
    StringBuilder s = new StringBuilder();
    if (tree.global().table("system accprofile").isEmpty()) {
      s.append("config system accprofile\n");
      for (String p : new String[] {"prof_admin", "super_admin"}) {
        s.append("edit \"").append(p).append("\"\n");
        if (p.equals("super_admin")) {
          s.append("set scope global\n");
        }
        for (String g : AdminSchema.GROUPS) {
          s.append("set ").append(g).append(" read-write\n");
        }
        s.append("next\n");
      }
      s.append("end\n");
    }
    s.append("config system admin\nedit \"admin\"\nset accprofile \"super_admin\"\nnext\nend\n");
    CliSession session = new CliSession(tree);
    session.setRestoreMode(true);
    // In a multi-VDOM tree the global tables are reached through 'config global'.
    String script = tree.multiVdom() ? "config global\n" + s + "end\n" : s.toString();
    String out = session.run(script);
    if (out.contains("Command fail")) {
      throw new IllegalStateException("factory administrators refused: " + out.strip());
    }
  }

  /** The whole configuration as {@code show full-configuration} prints it at the top level. */
  public static String fullConfiguration(ConfigTree tree) {
    return new CliSession(tree).execute("show full-configuration");
  }

  /**
   * Writes the full configuration to {@code file} so that a crash leaves either the old or the new
   * file, never a torn one, readable by the owner alone ({@link SafeFiles}: an exclusively created
   * temporary sibling, forced to disk, renamed over).
   */
  public static void save(ConfigTree tree, Path file) throws IOException {
    save(tree, file, "");
  }

  /**
   * As {@link #save(ConfigTree, Path)}, with {@code header} lines first (a backup's {@code
   * #config-version=...} line; {@link #load} skips lines starting with {@code #}).
   */
  public static void save(ConfigTree tree, Path file, String header) throws IOException {
    // Private: a configuration holds private keys and passwords (ENC is obfuscation only).
    SafeFiles.write(file, header + fullConfiguration(tree), SafeFiles.Access.PRIVATE);
  }

  /** Thrown when lines of a configuration file were refused. */
  public static final class ConfigLoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> errors;

    ConfigLoadException(List<String> errors) {
      super(errors.size() + " configuration line(s) refused: " + String.join("; ", errors));
      this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
      return errors;
    }
  }
}
