package org.fwsim.firmware.scep.message;

import org.fwsim.hal.lang.Enums;

/** The failInfo reason of a FAILURE CertRep (RFC 8894 §3.2.1.4), with its RFC name. */
public enum FailInfo {
  BAD_ALG(0, "badAlg"),
  BAD_MESSAGE_CHECK(1, "badMessageCheck"),
  BAD_REQUEST(2, "badRequest"),
  BAD_TIME(3, "badTime"),
  BAD_CERT_ID(4, "badCertId");

  private final int code;
  private final String rfcName;

  FailInfo(int code, String rfcName) {
    this.code = code;
    this.rfcName = rfcName;
  }

  /** The decimal value carried in the failInfo attribute. */
  public int code() {
    return code;
  }

  /** The name RFC 8894 uses, e.g. {@code badMessageCheck}. */
  public String rfcName() {
    return rfcName;
  }

  /** The reason for a wire value, or a ScepException naming the unknown value. */
  public static FailInfo ofCode(int code) throws ScepException {
    return Enums.find(FailInfo.class, f -> f.code == code)
        .orElseThrow(() -> ScepException.of(null, "unknown SCEP failInfo " + code));
  }

  @Override
  public String toString() {
    return rfcName;
  }
}
