package org.fwsim.firmware.egress;

import java.util.Locale;

/**
 * {@code set interface-select-method auto|specify|sdwan} of {@code config vpn certificate setting}.
 */
public enum InterfaceSelectMethod {
  /** Route lookup in the VDOM (the FortiOS default). */
  AUTO,
  /** The interface named by {@code set interface}. */
  SPECIFY,
  /** SD-WAN service rules, then the implicit rule. */
  SDWAN;

  /** The FortiOS CLI keyword. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a CLI keyword; a clear error names the accepted ones. */
  public static InterfaceSelectMethod ofKeyword(String keyword) {
    for (InterfaceSelectMethod m : values()) {
      if (m.keyword().equals(keyword)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "interface-select-method '" + keyword + "' is not one of auto, specify, sdwan");
  }
}
