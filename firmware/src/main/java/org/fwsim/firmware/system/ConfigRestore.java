package org.fwsim.firmware.system;

import org.fwsim.firmware.cli.ConfigTree;

/**
 * Replaces the whole configuration in force, as {@code execute restore config} does before FortiOS
 * reboots. Mailbox only.
 */
@FunctionalInterface
public interface ConfigRestore {
  void replaceConfig(ConfigTree next);
}
