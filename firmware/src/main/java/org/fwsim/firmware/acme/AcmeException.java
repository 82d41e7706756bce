package org.fwsim.firmware.acme;

/**
 * Why an ACME enrollment stopped: a problem document the server sent (RFC 8555 §6.7, typed by
 * {@link #error()}), or a reply that breaks the protocol ({@link AcmeError#MALFORMED} with {@link
 * #fromServer()} false), or an order or authorization that ended {@code invalid}.
 */
public final class AcmeException extends Exception {

  private final AcmeError error;
  private final String type;
  private final int status;
  private final boolean fromServer;

  private AcmeException(
      AcmeError error, String type, int status, String message, boolean fromServer) {
    super(message);
    this.error = error;
    this.type = type;
    this.status = status;
    this.fromServer = fromServer;
  }

  /** A problem document the server sent with HTTP {@code status}. */
  public static AcmeException problem(int status, String type, String detail) {
    AcmeError error = AcmeError.ofType(type);
    String name = type == null || type.isEmpty() ? "problem" : type;
    return new AcmeException(error, type, status, name + " (HTTP " + status + "): " + detail, true);
  }

  /** A reply fwsim cannot use: the client's own verdict, not the server's. */
  public static AcmeException protocol(String message) {
    return new AcmeException(AcmeError.MALFORMED, "", 0, message, false);
  }

  /** The problem's type, {@link AcmeError#OTHER} outside ACME's namespace. */
  public AcmeError error() {
    return error;
  }

  /** The problem document's {@code type} as sent, "" for the client's own verdicts. */
  public String type() {
    return type;
  }

  /** The HTTP status of the problem document, 0 for the client's own verdicts. */
  public int status() {
    return status;
  }

  /** Whether the server sent this problem (rather than fwsim judging its reply). */
  public boolean fromServer() {
    return fromServer;
  }
}
