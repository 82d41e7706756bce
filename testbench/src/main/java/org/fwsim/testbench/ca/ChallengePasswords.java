package org.fwsim.testbench.ca;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The challenge passwords that authorise a first enrolment: one static password (as
 * FortiAuthenticator's SCEP "shared secret"), and one-time passwords (as NDES hands out), each
 * accepted once. A CA never given either accepts any request, as micromdm does without {@code
 * -challenge}.
 */
public final class ChallengePasswords {

  private final SecureRandom random = new SecureRandom();
  private final Set<String> oneTime = ConcurrentHashMap.newKeySet();
  private final String staticPassword;

  /**
   * Set once any one-time password was handed out: a CA that asked for one-time passwords stays
   * closed when the last is spent, rather than falling back to accepting anything.
   */
  private volatile boolean oneTimeRequired;

  ChallengePasswords(String staticPassword) {
    this.staticPassword = staticPassword;
  }

  public String staticPassword() {
    return staticPassword;
  }

  /** Creates {@code n} fresh one-time passwords, each good for one request. */
  public List<String> issueOneTime(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot issue " + n + " one-time challenges");
    }
    oneTimeRequired = true;
    List<String> out = new ArrayList<>(n);
    byte[] b = new byte[12];
    for (int i = 0; i < n; i++) {
      random.nextBytes(b);
      String p = HexFormat.of().withUpperCase().formatHex(b);
      oneTime.add(p);
      out.add(p);
    }
    return out;
  }

  public int oneTimeLeft() {
    return oneTime.size();
  }

  /** True when no password of any kind was ever configured, so none is needed. */
  boolean open() {
    return staticPassword == null && !oneTimeRequired;
  }

  /**
   * Checks a presented password, consuming it when it is a one-time one. A one-time password is
   * removed atomically, so two racing requests cannot both use it.
   */
  boolean accept(String presented) {
    if (open()) {
      return true;
    }
    if (presented == null) {
      return false;
    }
    String s = staticPassword;
    if (s != null
        && MessageDigest.isEqual(
            s.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    return oneTime.remove(presented);
  }
}
