package org.fwsim.firmware.config;

import java.util.Locale;

/** {@code interface-select-method}: how local-out traffic picks its egress interface. */
public enum InterfaceSelectMethod {
  AUTO,
  SDWAN,
  SPECIFY;

  public static InterfaceSelectMethod fromCli(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  public String cli() {
    return name().toLowerCase(Locale.ROOT);
  }
}
