package org.fwsim.firmware.scep.transport;

/** Why a SCEP HTTP exchange failed, with a message naming the request and what went wrong. */
public final class ScepTransportException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure a caller may act on differently (retry, log id, counter tag). */
  public enum Reason {
    /** The connection could not be opened (refused, unreachable, not on loopback). */
    CONNECT_FAILED,
    /** No complete reply within the request's timeout. */
    TIMEOUT,
    /** The server answered with an HTTP status other than 200. */
    HTTP_STATUS,
    /** The reply's Content-Type does not fit the operation. */
    CONTENT_TYPE,
    /** The reply (header or body) is over the size cap. */
    TOO_LARGE,
    /** The connection closed before a complete reply arrived. */
    CLOSED,
    /** Malformed HTTP or another IO error. */
    PROTOCOL
  }

  private final Reason reason;
  private final int httpStatus;
  private final transient Runnable stopConnect;

  ScepTransportException(
      Reason reason, String message, int httpStatus, Throwable cause, Runnable stopConnect) {
    super(message, cause);
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.stopConnect = stopConnect;
  }

  /**
   * A failure that did not come off a connection (a {@link ScepTransport} that answers from values,
   * as tests do).
   *
   * @param httpStatus the status for {@link Reason#HTTP_STATUS}, else 0
   */
  public static ScepTransportException of(Reason reason, String message, int httpStatus) {
    return new ScepTransportException(reason, message, httpStatus, null, null);
  }

  public Reason reason() {
    return reason;
  }

  /**
   * The HTTP status for {@link Reason#HTTP_STATUS} (and any failure after the header arrived), else
   * 0.
   */
  public int httpStatus() {
    return httpStatus;
  }

  /** Same contract as {@link ScepHttpResponse#stopConnect()}. */
  public void stopConnect() {
    if (stopConnect != null) {
      stopConnect.run();
    }
  }
}
