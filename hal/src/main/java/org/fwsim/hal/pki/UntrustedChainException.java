package org.fwsim.hal.pki;

import java.security.GeneralSecurityException;

/** A certificate chain does not build up to a trusted root CA of the store at the given time. */
public final class UntrustedChainException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public UntrustedChainException(String message) {
    super(message);
  }

  public UntrustedChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
