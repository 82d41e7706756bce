package org.fwsim.firmware.scep.transport;

/**
 * A SCEP reply that passed the transport checks (status 200, content type fitting the operation,
 * within the size cap). The body is a private copy, safe to use on any thread.
 */
public final class ScepHttpResponse {
  private final ScepOperation operation;
  private final String contentType;
  private final byte[] body;
  private final Runnable stopConnect;

  ScepHttpResponse(ScepOperation operation, String contentType, byte[] body, Runnable stopConnect) {
    this.operation = operation;
    this.contentType = contentType;
    this.body = body;
    this.stopConnect = stopConnect;
  }

  /**
   * A reply that did not come off a connection (a {@link ScepTransport} that answers from values,
   * as tests do): nothing to stop.
   */
  public static ScepHttpResponse of(ScepOperation operation, String contentType, byte[] body) {
    return new ScepHttpResponse(operation, contentType, body.clone(), () -> {});
  }

  public ScepOperation operation() {
    return operation;
  }

  /** The Content-Type header as received, or null if there was none. */
  public String contentType() {
    return contentType;
  }

  /** The body bytes (a copy per call). */
  public byte[] body() {
    return body.clone();
  }

  /** The body length without copying. */
  public int bodyLength() {
    return body.length;
  }

  /**
   * Prints forticron's {@code scep_stop_connect()-152:} for this connection, once. The state
   * machine calls it where FortiOS does (after {@code got CA, re-connecting the host}, before the
   * next {@code scep_start_connect()}); if the callback does not, the transport calls it right
   * after the callback returns.
   */
  public void stopConnect() {
    stopConnect.run();
  }
}
