package org.fwsim.firmware.scep;

/**
 * No usable egress towards a destination, with the reason (no route, interface down, no address).
 */
public final class EgressException extends Exception {

  private static final long serialVersionUID = 1L;

  public EgressException(String message) {
    super(message);
  }
}
