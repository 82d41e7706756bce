package org.fwsim.firmware.system;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.fwsim.firmware.cli.CliException;
import org.fwsim.firmware.cli.CommandArgs;
import org.fwsim.firmware.cli.CommandContext;
import org.fwsim.firmware.cli.CommandFeature;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ConfigFile;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.ReturnCodes;

/**
 * {@code execute backup config file <path>} and {@code execute restore config file <path>}. FortiOS
 * backs up to tftp, ftp or usb; the {@code file} variant, to a path on the host, is the
 * simulator's. A restore replaces the whole configuration, after a (y/n) question, and then the
 * appliance "reboots": the console logs in again on the new configuration.
 */
public final class BackupCommands implements CommandFeature {

  static final String RESTORE_QUESTION =
      "This operation will overwrite the current setting and "
          + "could possibly reboot the system!\nDo you want to continue? (y/n)";

  @Override
  public void bind(CommandRegistry r) {
    r.bind("execute backup config file", BackupCommands::backup);
    r.bind("execute restore config file", BackupCommands::restore);
  }

  private static String backup(CommandContext ctx, List<String> args) throws CliException {
    Path file = path(args);
    ConfigTree tree = ctx.tree();
    try {
      ConfigFiles.save(tree, file, header(tree));
    } catch (IOException | RuntimeException e) {
      throw new CliException(
          "Cannot write config file " + file + ": " + e.getMessage(), ReturnCodes.NOT_PERMITTED);
    }
    return "Please wait...\n\nSend config file to " + file + " OK.\n";
  }

  private static String restore(CommandContext ctx, List<String> args) throws CliException {
    Path file = path(args);
    ConfigTree next = new ConfigTree();
    try (Reader in = new StringReader(ConfigFile.read(file))) {
      ConfigFiles.load(next, in);
    } catch (IOException e) {
      throw new CliException(
          "Cannot read config file " + file + ": " + e.getMessage(), ReturnCodes.NOT_PERMITTED);
    } catch (ConfigFiles.ConfigLoadException e) {
      // All or nothing: a half-restored appliance is worse than the configuration it had.
      throw new CliException(
          "Config file "
              + file
              + " refused, configuration unchanged:\n"
              + String.join("\n", e.errors()),
          ReturnCodes.INVALID);
    }
    ConfigRestore restore = ctx.service(ConfigRestore.class);
    return ctx.session().confirm(RESTORE_QUESTION, () -> restore.replaceConfig(next), () -> {});
  }

  /**
   * INFERENCE: the first line of a FortiOS backup as remembered ({@code
   * #config-version=FGVM64-7.04-FW-build2573-240201:opmode=0:vdom=0:user=admin}).
   */
  static String header(ConfigTree tree) {
    return "#config-version=FGVM64-7.04-FW-build"
        + SystemCommands.BRANCH_POINT
        + "-240201:opmode=0:vdom="
        + (tree.multiVdom() ? 1 : 0)
        + ":user=admin\n";
  }

  private static Path path(List<String> args) throws CliException {
    String word = CommandArgs.one(args);
    try {
      return Path.of(word);
    } catch (RuntimeException e) {
      throw CliException.parse(word);
    }
  }
}
