package org.fwsim.firmware.admin;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTable;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.PasswordHash;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;

/**
 * Decides whether a login to one appliance is let in, as FortiOS does: the source must not be
 * locked out, must be a {@code trusthost} of the account, and the password or public key must be
 * the account's. Failures from one source address lock it out for {@code admin-lockout-duration} of
 * appliance time after {@code admin-lockout-threshold} of them.
 *
 * <p>Threading: {@link #authenticate} runs on the appliance's mailbox, like all firmware state;
 * management planes on other threads call {@link #authenticateAsync}, which posts it there.
 */
public final class AdminAuthenticator {
  private final Appliance appliance;
  private final Supplier<ConfigTree> config;
  private final InstantSource clock;
  private final AdminLockout lockout;
  private final EventLog eventLog;

  /**
   * @param appliance whose mailbox runs the checks (and whose clock times lockouts when {@code
   *     clock} is its clock)
   * @param config the configuration in force (a restore replaces the tree, so it is asked each
   *     time)
   * @param clock appliance time
   * @param eventLog where a refused login is logged (32002, Admin login failed)
   */
  public AdminAuthenticator(
      Appliance appliance, Supplier<ConfigTree> config, InstantSource clock, EventLog eventLog) {
    this.appliance = appliance;
    this.config = config;
    this.clock = clock;
    this.lockout = new AdminLockout(clock);
    this.eventLog = eventLog;
  }

  /**
   * From any thread: {@link #authenticate} on the appliance's mailbox.
   *
   * @return completes with the answer (never exceptionally for a refused login)
   */
  public CompletableFuture<AdminLogin> authenticateAsync(
      String user, AdminCredential credential, int sourceAddress, String method) {
    return appliance.call(() -> authenticate(user, credential, sourceAddress, method));
  }

  /**
   * Checks one login. Mailbox only.
   *
   * @param user the account name offered
   * @param credential a password or a public key the client proved it holds
   * @param sourceAddress the simulated IPv4 address the login comes from
   * @param method how it came, as FortiOS's log names it: {@code ssh}, {@code https}
   */
  public AdminLogin authenticate(
      String user, AdminCredential credential, int sourceAddress, String method) {
    AdminLogin login = check(user, credential, sourceAddress);
    if (!login.accepted()) {
      logFailure(login, credential, sourceAddress, method);
    }
    return login;
  }

  private AdminLogin check(String user, AdminCredential credential, int sourceAddress) {
    Duration locked = lockout.remaining(sourceAddress);
    if (!locked.isZero()) {
      return AdminLogin.refused(user, Refusal.LOCKED_OUT, locked);
    }
    ConfigTree tree = config.get();
    ConfigObject admin = tree.global().table("system admin").get(user);
    if (admin != null && !trusted(admin, sourceAddress)) {
      // FortiOS refuses an untrusted source before it looks at the password; not a failure.
      return AdminLogin.refused(user, Refusal.UNTRUSTED_HOST, Duration.ZERO);
    }
    if (admin == null || !holds(admin, credential)) {
      AdminSettings s = AdminSettings.of(tree);
      if (lockout.failed(sourceAddress, s.lockoutThreshold(), s.lockoutDuration())) {
        return AdminLogin.refused(user, Refusal.LOCKED_OUT, s.lockoutDuration());
      }
      return AdminLogin.refused(user, Refusal.BAD_CREDENTIALS, Duration.ZERO);
    }
    lockout.succeeded(sourceAddress);
    String profileName = admin.text("accprofile");
    ConfigTable profiles = tree.global().table("system accprofile");
    ConfigObject profile = profiles.get(profileName);
    return AdminLogin.accepted(
        user,
        profile == null ? AccessProfile.none(profileName) : AccessProfile.of(profileName, profile),
        vdomsOf(admin));
  }

  /** {@code set vdom}'s VDOMs, in order (one or several). */
  private static List<String> vdomsOf(ConfigObject admin) {
    return admin.list("vdom");
  }

  /**
   * 32002 in the event log, with the fields the log message reference lists for it. INFERENCE: the
   * {@code reason} words and the {@code msg} sentence follow public log samples, not the reference.
   */
  private void logFailure(
      AdminLogin login, AdminCredential credential, int sourceAddress, String method) {
    String source = Ip4.toString(sourceAddress);
    String ui = method + "(" + source + ")";
    boolean password = credential instanceof AdminCredential.Password;
    String reason =
        switch (login.refusal()) {
          case LOCKED_OUT -> "ip_blocked";
          case UNTRUSTED_HOST -> "trusthost";
          case BAD_CREDENTIALS -> password ? "passwd_invalid" : "pubkey_invalid";
        };
    String because =
        switch (login.refusal()) {
          case LOCKED_OUT -> "the source is locked out";
          case UNTRUSTED_HOST -> "the source is not a trusted host";
          case BAD_CREDENTIALS -> password ? "invalid password" : "invalid key";
        };
    eventLog.append(
        new LogEntry(
            clock.millis(),
            LogId.ADMIN_LOGIN_FAIL,
            ConfigTree.ROOT_VDOM,
            List.of(
                new LogEntry.Field("user", login.admin()),
                new LogEntry.Field("ui", ui),
                new LogEntry.Field("method", method),
                new LogEntry.Field("srcip", source),
                new LogEntry.Field("action", "login"),
                new LogEntry.Field("status", "failed"),
                new LogEntry.Field("reason", reason),
                new LogEntry.Field(
                    "msg",
                    "Administrator "
                        + login.admin()
                        + " login failed from "
                        + ui
                        + " because of "
                        + because))));
  }

  /**
   * Whether the source is one of the account's trusted hosts. Unset ones are {@code 0.0.0.0
   * 0.0.0.0}; when all ten are unset any source is trusted.
   */
  static boolean trusted(ConfigObject admin, int source) {
    boolean any = true;
    for (int i = 1; i <= 10; i++) {
      String text = admin.text("trusthost" + i);
      int space = text.indexOf(' ');
      int address = Ip4.parse(text.substring(0, space));
      int mask = Ip4.parse(text.substring(space + 1));
      if (address == 0 && mask == 0) {
        continue;
      }
      any = false;
      if (Ip4Prefix.of(address, Ip4.prefixLength(mask)).contains(source)) {
        return true;
      }
    }
    return any;
  }

  private static boolean holds(ConfigObject admin, AdminCredential credential) {
    if (credential instanceof AdminCredential.Password p) {
      String stored = admin.text("password");
      // A factory admin has no password: only the empty one logs in, as on a new FortiGate.
      return stored.isEmpty() ? p.clear().isEmpty() : PasswordHash.matches(stored, p.clear());
    }
    AdminCredential.PublicKey key = (AdminCredential.PublicKey) credential;
    for (int i = 1; i <= 3; i++) {
      if (key.sameKey(admin.text("ssh-public-key" + i))) {
        return true;
      }
    }
    return false;
  }
}
