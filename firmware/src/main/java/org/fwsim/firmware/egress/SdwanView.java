package org.fwsim.firmware.egress;

/** The SD-WAN state of an appliance's VDOMs, for {@code diagnose sys sdwan}. */
@FunctionalInterface
public interface SdwanView {

  /** The VDOM's SD-WAN view; null when SD-WAN is disabled there. */
  SdwanStatus sdwanStatus(String vdom);
}
