package org.fwsim.firmware.cli;

/**
 * What a registered command sees when it runs.
 *
 * @param tree the appliance's configuration
 * @param vdom the VDOM the command runs in; null in the global context of a multi-vdom appliance
 * @param session the CLI session that runs it (prompt, hostname)
 * @param appliance whatever the session was given as its owner (the firmware's appliance object),
 *     or null; handlers cast it with {@link #appliance(Class)}
 */
public record CommandContext(ConfigTree tree, String vdom, CliSession session, Object appliance) {

  /** The owner as {@code type}; throws a clear error when the session has no such owner. */
  public <T> T appliance(Class<T> type) {
    if (!type.isInstance(appliance)) {
      throw new IllegalStateException("this CLI session has no " + type.getSimpleName());
    }
    return type.cast(appliance);
  }
}
