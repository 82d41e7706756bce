package org.fwsim.testbench.ca;

import org.fwsim.firmware.acme.AcmeError;

/**
 * A request the ACME server refuses: the RFC 8555 §6.7 problem type, the HTTP status it goes with
 * and a one-line detail, answered as an {@code application/problem+json} document.
 */
final class AcmeProblem extends Exception {

  private static final long serialVersionUID = 1L;

  private final AcmeError type;
  private final int status;

  AcmeProblem(AcmeError type, int status, String detail) {
    super(detail, null, false, false); // a refusal, not a fault: no stack to fill
    this.type = type;
    this.status = status;
  }

  static AcmeProblem malformed(String detail) {
    return new AcmeProblem(AcmeError.MALFORMED, 400, detail);
  }

  static AcmeProblem unauthorized(String detail) {
    return new AcmeProblem(AcmeError.UNAUTHORIZED, 403, detail);
  }

  AcmeError type() {
    return type;
  }

  int status() {
    return status;
  }
}
