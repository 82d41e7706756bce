package org.fwsim.firmware.admin;

import java.time.Duration;
import java.util.List;

/**
 * The authenticator's answer: accepted with the administrator's profile and VDOM, or refused with
 * the reason.
 *
 * @param admin the account's name ({@code admin}); the name offered when refused
 * @param profile the account's access profile; null when refused
 * @param vdoms the VDOMs the account is bound to ({@code set vdom}, in order); empty when refused
 * @param refusal null when accepted
 * @param lockedFor how long the source stays locked out, when {@code refusal} is {@link
 *     Refusal#LOCKED_OUT}; zero otherwise
 */
public record AdminLogin(
    String admin, AccessProfile profile, List<String> vdoms, Refusal refusal, Duration lockedFor) {

  public AdminLogin {
    vdoms = List.copyOf(vdoms);
  }

  static AdminLogin accepted(String admin, AccessProfile profile, List<String> vdoms) {
    return new AdminLogin(admin, profile, vdoms, null, Duration.ZERO);
  }

  static AdminLogin refused(String admin, Refusal refusal, Duration lockedFor) {
    return new AdminLogin(admin, null, List.of(), refusal, lockedFor);
  }

  /** The account's first VDOM, where its sessions start; null when refused. */
  public String vdom() {
    return vdoms.isEmpty() ? null : vdoms.get(0);
  }

  public boolean accepted() {
    return refusal == null;
  }
}
