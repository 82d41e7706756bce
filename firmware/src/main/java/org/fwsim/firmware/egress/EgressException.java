package org.fwsim.firmware.egress;

import java.util.Objects;

/**
 * No egress could be chosen; the message names what is wrong and is printed as is in traces and the
 * event log. No traffic is sent.
 */
public final class EgressException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently (all are reported the same way). */
  public enum Reason {
    /** No route to the destination in the VDOM. */
    NO_ROUTE,
    /** {@code specify} without an interface, or an interface that does not exist. */
    NO_SUCH_INTERFACE,
    /** The interface belongs to another VDOM. */
    WRONG_VDOM,
    /** The interface is administratively down or its link is down. */
    INTERFACE_DOWN,
    /** The interface has no address to use as the source. */
    NO_ADDRESS,
    /** The {@code source-ip} is not an address of the VDOM. */
    BAD_SOURCE_IP,
    /** The VDOM does not exist. */
    NO_SUCH_VDOM,
    /** SD-WAN members route the destination but none is alive. */
    NO_ALIVE_MEMBER
  }

  private final Reason reason;

  public EgressException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
