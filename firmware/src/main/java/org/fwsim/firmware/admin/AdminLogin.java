package org.fwsim.firmware.admin;

import java.time.Duration;

/**
 * The authenticator's answer: accepted with the administrator's profile and VDOM, or refused with
 * the reason.
 *
 * @param admin the account's name ({@code admin}); the name offered when refused
 * @param profile the account's access profile; null when refused
 * @param vdom the VDOM the account is bound to ({@code set vdom}); null when refused
 * @param refusal null when accepted
 * @param lockedFor how long the source stays locked out, when {@code refusal} is {@link
 *     Refusal#LOCKED_OUT}; zero otherwise
 */
public record AdminLogin(
    String admin, AccessProfile profile, String vdom, Refusal refusal, Duration lockedFor) {

  static AdminLogin accepted(String admin, AccessProfile profile, String vdom) {
    return new AdminLogin(admin, profile, vdom, null, Duration.ZERO);
  }

  static AdminLogin refused(String admin, Refusal refusal, Duration lockedFor) {
    return new AdminLogin(admin, null, null, refusal, lockedFor);
  }

  public boolean accepted() {
    return refusal == null;
  }
}
