package org.fwsim.firmware.cmp;

import java.util.Objects;

/**
 * A PKIMessage that cannot be accepted, with the failure bit a CA answers it with (or a client
 * reports): malformed, wrongly protected, replayed or refused.
 */
public final class CmpException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient CmpFailInfo failInfo;

  public CmpException(CmpFailInfo failInfo, String message) {
    super(message);
    this.failInfo = Objects.requireNonNull(failInfo, "failInfo");
  }

  public CmpException(CmpFailInfo failInfo, String message, Throwable cause) {
    super(message, cause);
    this.failInfo = Objects.requireNonNull(failInfo, "failInfo");
  }

  public CmpFailInfo failInfo() {
    return failInfo;
  }
}
