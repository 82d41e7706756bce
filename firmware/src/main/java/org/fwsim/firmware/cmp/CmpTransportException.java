package org.fwsim.firmware.cmp;

import java.io.IOException;
import java.util.Objects;

/** Why an HTTP exchange with a CMP server brought no PKIMessage back. */
public final class CmpTransportException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for failure counts. */
  public enum Reason {
    /** The connection could not be opened. */
    CONNECT_FAILED,
    /** It closed before the whole answer. */
    CLOSED,
    /** No whole answer in time. */
    TIMEOUT,
    /** Another HTTP status than 200. */
    HTTP_STATUS,
    /** 200 but not {@code application/pkixcmp}, or too large. */
    NOT_PKIX_CMP
  }

  private final Reason reason;
  private final int httpStatus;

  public CmpTransportException(Reason reason, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.httpStatus = httpStatus;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status of {@link Reason#HTTP_STATUS}, else 0. */
  public int httpStatus() {
    return httpStatus;
  }
}
