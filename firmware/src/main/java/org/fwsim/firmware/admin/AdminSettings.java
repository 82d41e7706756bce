package org.fwsim.firmware.admin;

import java.time.Duration;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTree;

/**
 * The administrative settings of {@code config system global} and {@code config system console}, as
 * one value read from a configuration.
 *
 * @param adminTimeout {@code admintimeout}: an idle session ends after this
 * @param lockoutThreshold {@code admin-lockout-threshold}: failed logins from one source before it
 *     is locked out
 * @param lockoutDuration {@code admin-lockout-duration}
 * @param sshPort {@code admin-ssh-port}
 * @param httpsPort {@code admin-sport}
 * @param serverCert {@code admin-server-cert}: the local certificate HTTPS presents ({@code
 *     self-sign} by default)
 * @param pagedOutput {@code config system console} {@code set output more}
 */
public record AdminSettings(
    Duration adminTimeout,
    int lockoutThreshold,
    Duration lockoutDuration,
    int sshPort,
    int httpsPort,
    String serverCert,
    boolean pagedOutput) {

  /** Reads the settings in force in {@code tree} (defaults where nothing was set). */
  public static AdminSettings of(ConfigTree tree) {
    ConfigObject g = tree.global().singleton("system global");
    return new AdminSettings(
        Duration.ofMinutes(Long.parseLong(g.text("admintimeout"))),
        Integer.parseInt(g.text("admin-lockout-threshold")),
        Duration.ofSeconds(Long.parseLong(g.text("admin-lockout-duration"))),
        Integer.parseInt(g.text("admin-ssh-port")),
        Integer.parseInt(g.text("admin-sport")),
        g.text("admin-server-cert"),
        tree.global().singleton("system console").text("output").equals("more"));
  }
}
