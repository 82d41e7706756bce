package org.fwsim.firmware.config;

import java.util.Locale;

/**
 * {@code set interface-select-method auto|sdwan|specify} of {@code config vpn certificate setting}:
 * how local-out traffic (the SCEP path) picks its egress interface.
 */
public enum InterfaceSelectMethod {
  /** Route lookup in the VDOM (the FortiOS default). */
  AUTO,
  /** SD-WAN service rules, then the implicit rule. */
  SDWAN,
  /** The interface named by {@code set interface}. */
  SPECIFY;

  /** The method of a CLI keyword. */
  public static InterfaceSelectMethod fromCli(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  /** The FortiOS CLI keyword. */
  public String cli() {
    return name().toLowerCase(Locale.ROOT);
  }
}
