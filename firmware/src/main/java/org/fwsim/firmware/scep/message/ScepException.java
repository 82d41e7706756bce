package org.fwsim.firmware.scep.message;

import java.util.Optional;

/**
 * A SCEP message that could not be built, parsed or accepted. {@link #failInfo()} is the SCEP
 * reason a CA should answer with (null when the problem is not a SCEP failure, e.g. a client
 * rejecting a reply); {@link #header()} holds what was readable before the failure, so a CA can
 * still answer a signed FAILURE CertRep. With no header, nothing could be read and the CA answers
 * HTTP 400.
 */
public final class ScepException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient FailInfo failInfo;
  private final transient RequestHeader header;

  public ScepException(String message, FailInfo failInfo, RequestHeader header, Throwable cause) {
    super(message, cause);
    this.failInfo = failInfo;
    this.header = header;
  }

  static ScepException of(FailInfo failInfo, String message) {
    return new ScepException(message, failInfo, null, null);
  }

  static ScepException of(FailInfo failInfo, String message, RequestHeader header) {
    return new ScepException(message, failInfo, header, null);
  }

  static ScepException of(
      FailInfo failInfo, String message, RequestHeader header, Throwable cause) {
    return new ScepException(message, failInfo, header, cause);
  }

  /**
   * {@code what} could not be read as {@code expected}: the message names its size and the parser's
   * complaint, e.g. {@code CertRep content (12 bytes) is not a certs-only SignedData: ...}.
   */
  static ScepException unreadable(
      FailInfo failInfo, String what, int length, String expected, Exception cause) {
    return of(
        failInfo,
        what + " (" + length + " bytes) is not " + expected + ": " + cause.getMessage(),
        null,
        cause);
  }

  /** The SCEP failure reason, or null when this is not a SCEP failure. */
  public FailInfo failInfo() {
    return failInfo;
  }

  /** What could be read of the request before the failure. */
  public Optional<RequestHeader> header() {
    return Optional.ofNullable(header);
  }
}
