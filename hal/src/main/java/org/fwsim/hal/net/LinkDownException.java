package org.fwsim.hal.net;

import java.net.SocketException;

/**
 * An open connection was cut because its egress interface went down (link down, set down or
 * deleted); the message names the interface, for the owner's trace and event log.
 */
public final class LinkDownException extends SocketException {

  private static final long serialVersionUID = 1L;

  public LinkDownException(String message) {
    super(message);
  }

  /** No stack trace: it is an expected event, cut on a whole fleet's links at once, not a bug. */
  @Override
  public Throwable fillInStackTrace() {
    return this;
  }
}
