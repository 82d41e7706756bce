package org.fwsim.firmware.rest;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.fwsim.firmware.admin.AdminLogin;
import org.fwsim.hal.Appliance;

/**
 * Administrator sessions of the web API ({@code /logincheck}, {@code /api/v2/authentication}): a
 * random session cookie and CSRF token per login, dropped on logout or once idle for longer than
 * {@code admintimeout} in appliance time. Mailbox only.
 */
final class RestSessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One logged-in administrator, as it was last used.
   *
   * @param vdom where the session starts: the admin's first VDOM
   * @param vdoms the VDOMs it may name; empty for any (a profile of global scope)
   */
  record Session(
      String admin, String profile, String vdom, Set<String> vdoms, String csrf, Instant lastUsed) {

    Session touched(Instant now) {
      return new Session(admin, profile, vdom, vdoms, csrf, now);
    }
  }

  private final Map<String, Session> byCookie = new HashMap<>();
  private final InstantSource clock;

  /** The session cookie's name, {@code APSCOOKIE_<n>}. */
  private final String cookieName;

  RestSessions(Appliance appliance) {
    this.clock = appliance.clock();
    // The suffix is per device (FortiOS derives it from the unit), so a browser keeps them apart.
    this.cookieName = "APSCOOKIE_" + Integer.toUnsignedString(appliance.serial().hashCode());
  }

  String cookieName() {
    return cookieName;
  }

  /** This device's session cookie in the request, or null. */
  String cookieIn(RestRequest req) {
    String header = req.header("cookie");
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(cookieName + "=")) {
        return p.substring(cookieName.length() + 1);
      }
    }
    return null;
  }

  /** Starts a session for an accepted login; returns its cookie value. */
  String open(AdminLogin login) {
    String cookie = token(24);
    Set<String> vdoms = login.profile().global() ? Set.of() : Set.copyOf(login.vdoms());
    byCookie.put(
        cookie,
        new Session(
            login.admin(),
            login.profile().name(),
            login.vdom() == null ? "" : login.vdom(),
            vdoms,
            token(24),
            clock.instant()));
    return cookie;
  }

  Session get(String cookie) {
    return cookie == null ? null : byCookie.get(cookie);
  }

  /**
   * The live session for a cookie, touched; null (and the session gone) when it is unknown or was
   * idle longer than {@code timeout}.
   */
  Session use(String cookie, Duration timeout) {
    expire(timeout);
    Session s = get(cookie);
    if (s != null) {
      s = s.touched(clock.instant());
      byCookie.put(cookie, s);
    }
    return s;
  }

  void close(String cookie) {
    if (cookie != null) {
      byCookie.remove(cookie);
    }
  }

  int size() {
    return byCookie.size();
  }

  private void expire(Duration timeout) {
    Instant cutoff = clock.instant().minus(timeout);
    for (Iterator<Session> it = byCookie.values().iterator(); it.hasNext(); ) {
      if (it.next().lastUsed().isBefore(cutoff)) {
        it.remove();
      }
    }
  }

  private static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
