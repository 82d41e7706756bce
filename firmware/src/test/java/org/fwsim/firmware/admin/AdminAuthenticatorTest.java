package org.fwsim.firmware.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogLevel;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.testing.SteppedClock;
import org.junit.jupiter.api.Test;

/** Logins against a factory configuration whose admin password was set at boot. */
class AdminAuthenticatorTest {
  private static final int OPERATOR = Ip4.parse("10.0.0.5");
  private static final int OTHER = Ip4.parse("10.0.0.6");

  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ConfigTree tree = ConfigFiles.factoryDefault("FGT-1");
  private final EventLog log = new EventLog();
  private final AdminAuthenticator auth = new AdminAuthenticator(null, () -> tree, clock, log);

  AdminAuthenticatorTest() {
    Admins.setPassword(tree, "admin", "fwsim");
  }

  private AdminLogin login(String password, int source) {
    return auth.authenticate("admin", AdminCredential.password(password), source, "ssh");
  }

  @Test
  void theRightPasswordLogsInWithTheSuperAdminProfile() {
    AdminLogin ok = login("fwsim", OPERATOR);
    assertTrue(ok.accepted());
    assertEquals("super_admin", ok.profile().name());
    assertTrue(ok.profile().global());
    assertEquals(Access.READ_WRITE, ok.profile().access("sysgrp"));
    assertEquals("root", ok.vdom());
  }

  @Test
  void aWrongPasswordOrUnknownUserIsRefusedWithoutSayingWhich() {
    assertEquals(Refusal.BAD_CREDENTIALS, login("FWSIM", OPERATOR).refusal());
    assertEquals(
        Refusal.BAD_CREDENTIALS,
        auth.authenticate("root", AdminCredential.password("fwsim"), OTHER, "ssh").refusal());
    assertNull(login("nope", OTHER + 1).profile());
  }

  @Test
  void aRefusedLoginIsLoggedAsFortiOsLogsIt() {
    login("fwsim", OPERATOR);
    assertTrue(log.entries().isEmpty(), "a good login logs no failure");
    auth.authenticate("admin", AdminCredential.password("wrong"), OPERATOR, "https");
    LogEntry e = log.entries().get(0);
    assertEquals("0100032002", e.id().logid());
    assertEquals(LogLevel.ALERT, e.id().level());
    assertEquals("Admin login failed", e.id().description());
    assertEquals("admin", e.field("user"));
    assertEquals("https(10.0.0.5)", e.field("ui"));
    assertEquals("10.0.0.5", e.field("srcip"));
    assertEquals("failed", e.field("status"));
    assertEquals("passwd_invalid", e.field("reason"));
  }

  @Test
  void theThresholdLocksTheSourceOutForTheDurationOfApplianceTime() {
    assertEquals(Refusal.BAD_CREDENTIALS, login("a", OPERATOR).refusal());
    assertEquals(Refusal.BAD_CREDENTIALS, login("b", OPERATOR).refusal());
    AdminLogin third = login("c", OPERATOR);
    assertEquals(Refusal.LOCKED_OUT, third.refusal());
    assertEquals(Duration.ofSeconds(60), third.lockedFor());

    // Locked out: even the right password is refused, from that source only.
    assertEquals(Refusal.LOCKED_OUT, login("fwsim", OPERATOR).refusal());
    assertTrue(login("fwsim", OTHER).accepted());

    clock.step(Duration.ofSeconds(59));
    AdminLogin still = login("fwsim", OPERATOR);
    assertEquals(Refusal.LOCKED_OUT, still.refusal());
    assertEquals(Duration.ofSeconds(1), still.lockedFor());

    clock.step(Duration.ofSeconds(1));
    assertTrue(login("fwsim", OPERATOR).accepted());
    // Released with a clean slate: one new failure does not lock again.
    assertEquals(Refusal.BAD_CREDENTIALS, login("x", OPERATOR).refusal());
  }

  @Test
  void aSuccessForgetsEarlierFailuresAndSettingsAreLive() {
    new CliSession(tree)
        .run(
            "config system global\nset admin-lockout-threshold 2\nset admin-lockout-duration 5\nend");
    login("a", OPERATOR);
    assertTrue(login("fwsim", OPERATOR).accepted());
    login("b", OPERATOR);
    AdminLogin locked = login("c", OPERATOR);
    assertEquals(Refusal.LOCKED_OUT, locked.refusal());
    assertEquals(Duration.ofSeconds(5), locked.lockedFor());
  }

  @Test
  void trusthostsRestrictTheSourcesAndAnUntrustedOneIsNoFailure() {
    new CliSession(tree)
        .run(
            "config system admin\nedit admin\nset trusthost1 192.168.1.0 255.255.255.0\nnext\nend");
    assertTrue(login("fwsim", Ip4.parse("192.168.1.20")).accepted());
    for (int i = 0; i < 5; i++) {
      assertEquals(Refusal.UNTRUSTED_HOST, login("fwsim", OPERATOR).refusal());
    }
    new CliSession(tree)
        .run("config system admin\nedit admin\nset trusthost2 10.0.0.0/8\nnext\nend");
    assertTrue(login("fwsim", OPERATOR).accepted(), "five untrusted tries locked nothing");
  }

  @Test
  void aConfiguredPublicKeyLogsInAndAnotherDoesNot() {
    String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF3kq2J0b3RhbGx5LWEta2V5LWZvci10ZXN0cw";
    new CliSession(tree)
        .run(
            "config system admin\nedit admin\nset ssh-public-key1 \""
                + key
                + " op@lab\"\nnext\nend");
    AdminLogin ok = auth.authenticate("admin", AdminCredential.publicKey(key), OPERATOR, "ssh");
    assertTrue(ok.accepted());
    AdminLogin other =
        auth.authenticate(
            "admin", AdminCredential.publicKey("ssh-ed25519 AAAAC3Nzotherkey"), OPERATOR, "ssh");
    assertEquals(Refusal.BAD_CREDENTIALS, other.refusal());
  }

  @Test
  void aFactoryAdminHasNoPasswordAndProfAdminIsVdomScoped() {
    ConfigTree fresh = ConfigFiles.factoryDefault("FGT-2");
    AdminAuthenticator a = new AdminAuthenticator(null, () -> fresh, clock, new EventLog());
    assertTrue(a.authenticate("admin", AdminCredential.password(""), OPERATOR, "ssh").accepted());
    assertFalse(a.authenticate("admin", AdminCredential.password("x"), OPERATOR, "ssh").accepted());

    new CliSession(fresh)
        .run(
            "config system admin\nedit ops\nset accprofile prof_admin\nset password s3cret\n"
                + "next\nend");
    AdminLogin ops = a.authenticate("ops", AdminCredential.password("s3cret"), OPERATOR, "ssh");
    assertTrue(ops.accepted());
    assertFalse(ops.profile().global());
    assertEquals(Access.READ_WRITE, ops.profile().access("fwgrp"));
  }
}
