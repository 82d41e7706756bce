package org.fwsim.firmware.scep.message;

import org.fwsim.hal.lang.Enums;

/** The failInfo reason of a FAILURE CertRep (RFC 8894 §3.2.1.4), with its RFC name. */
public enum FailInfo {
  // Declared in the order of their wire values, 0 to 4: the code is the ordinal.
  BAD_ALG("badAlg"),
  BAD_MESSAGE_CHECK("badMessageCheck"),
  BAD_REQUEST("badRequest"),
  BAD_TIME("badTime"),
  BAD_CERT_ID("badCertId");

  private final String rfcName;

  FailInfo(String rfcName) {
    this.rfcName = rfcName;
  }

  /** The decimal value carried in the failInfo attribute. */
  public int code() {
    return ordinal();
  }

  /** The name RFC 8894 uses, e.g. {@code badMessageCheck}. */
  public String rfcName() {
    return rfcName;
  }

  /** The reason for a wire value, or a ScepException naming the unknown value. */
  public static FailInfo ofCode(int code) throws ScepException {
    return Enums.find(FailInfo.class, f -> f.ordinal() == code)
        .orElseThrow(() -> ScepException.of(null, "unknown SCEP failInfo " + code));
  }

  @Override
  public String toString() {
    return rfcName;
  }
}
