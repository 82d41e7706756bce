package org.fwsim.firmware.scep.message;

import org.fwsim.hal.lang.Enums;

/** The pkiStatus of a CertRep (RFC 8894 §3.2.1.3). */
public enum PkiStatus {
  SUCCESS(0),
  FAILURE(2),
  PENDING(3);

  private final int code;

  PkiStatus(int code) {
    this.code = code;
  }

  /** The decimal value carried in the pkiStatus attribute. */
  public int code() {
    return code;
  }

  /** The status for a wire value, or a ScepException naming the unknown value. */
  public static PkiStatus ofCode(int code) throws ScepException {
    return Enums.find(PkiStatus.class, s -> s.code == code)
        .orElseThrow(() -> ScepException.of(null, "unknown SCEP pkiStatus " + code));
  }
}
