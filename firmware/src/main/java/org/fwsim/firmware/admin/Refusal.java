package org.fwsim.firmware.admin;

/** Why a login was refused; a plane maps it to its own answer (SSH auth failure, HTTP 401/403). */
public enum Refusal {
  /** Unknown user, wrong password or a key the admin does not hold: FortiOS says no more. */
  BAD_CREDENTIALS,
  /** The source address is in none of the admin's {@code trusthost1..10}. */
  UNTRUSTED_HOST,
  /** The source address failed {@code admin-lockout-threshold} times and is still locked out. */
  LOCKED_OUT
}
