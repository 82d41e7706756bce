package org.fwsim.firmware.cert;

import org.fwsim.firmware.scep.client.ScepOutcome;

/**
 * Told about {@code execute vpn certificate local generate} enrollments on the appliance's mailbox,
 * with typed outcomes: for whoever drives the CLI and needs the result (the testbench's storm)
 * without reading the console. Every method does nothing by default.
 */
public interface EnrollmentListener {

  /** The entry was made in {@code vdom} and its enrollment started. */
  default void started(String vdom, String certificate) {}

  /**
   * The enrollment ended and its outcome is written to the configuration; {@link
   * ScepOutcome#failure()} says what kind of failure when it was not issued.
   */
  default void ended(String vdom, ScepOutcome outcome) {}
}
