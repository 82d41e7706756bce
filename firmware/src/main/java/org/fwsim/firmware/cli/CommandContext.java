package org.fwsim.firmware.cli;

/**
 * What a registered command sees when it runs.
 *
 * @param tree the appliance's configuration
 * @param vdom the VDOM the command runs in; null in the global context of a multi-vdom appliance
 * @param session the CLI session that runs it (prompt, hostname, per-console state)
 * @param services what the appliance's firmware offers its commands; see {@link #service(Class)}
 */
public record CommandContext(ConfigTree tree, String vdom, CliSession session, Services services) {

  /**
   * The firmware's service of that type.
   *
   * @throws IllegalStateException when the session's firmware offers none (a bare session)
   */
  public <T> T service(Class<T> type) {
    return services.get(type);
  }

  /** The VDOM the command acts on: the session's, or the management VDOM in the global context. */
  public String vdomOrManagement() {
    return vdom != null ? vdom : tree.view().global().managementVdom();
  }
}
