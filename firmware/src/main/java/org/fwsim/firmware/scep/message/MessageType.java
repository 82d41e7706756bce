package org.fwsim.firmware.scep.message;

import org.fwsim.hal.lang.Enums;

/** The SCEP messageType values of RFC 8894 §3.2.1.2; every other value is an error. */
public enum MessageType {
  CERT_REP(3),
  RENEWAL_REQ(17),
  PKCS_REQ(19),
  CERT_POLL(20),
  GET_CERT(21),
  GET_CRL(22);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The decimal value carried in the messageType attribute. */
  public int code() {
    return code;
  }

  /** True for the messages a client sends (everything but CertRep). */
  public boolean isRequest() {
    return this != CERT_REP;
  }

  /** The type for a wire value; unassigned values are a badRequest (RFC 8894 §3.2.1.2). */
  public static MessageType ofCode(int code) throws ScepException {
    return Enums.find(MessageType.class, t -> t.code == code)
        .orElseThrow(
            () -> ScepException.of(FailInfo.BAD_REQUEST, "unassigned SCEP messageType " + code));
  }
}
