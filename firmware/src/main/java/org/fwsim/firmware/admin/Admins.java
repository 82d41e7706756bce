package org.fwsim.firmware.admin;

import java.util.Map;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.PasswordHash;

/** Firmware writes to {@code config system admin} that are not typed at a CLI. */
public final class Admins {
  private Admins() {}

  /**
   * Sets an existing account's password, kept hashed ({@code ENC SH2...}). Mailbox only once the
   * tree belongs to a running appliance.
   *
   * @throws IllegalArgumentException when there is no such account
   */
  public static void setPassword(ConfigTree tree, String admin, String clear) {
    tree.updateEntry(
        ConfigTree.ROOT_VDOM, "system admin", admin, Map.of("password", PasswordHash.hash(clear)));
  }
}
