package org.fwsim.firmware.est;

/**
 * An EST answer the appliance cannot use: an HTTP error status from the server (0 when the answer
 * came with 200 but was malformed), with a reason for the debug trace.
 */
public final class EstException extends Exception {

  private final int status;

  public EstException(int status, String message) {
    super(message);
    this.status = status;
  }

  public EstException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The server's HTTP status, or 0 when it answered 200 with something unusable. */
  public int status() {
    return status;
  }
}
