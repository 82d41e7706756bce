package org.fwsim.testbench.ca;

/** The CA the interop tests run real peers against: an intermediate under the root, one worker. */
final class InteropCa {

  private InteropCa() {}

  /** Built, not started, with {@code challenge} as its challenge (and CMP shared secret). */
  static ScepCa withIntermediate(String challenge) {
    return ScepCa.builder()
        .challenge(challenge)
        .workers(1)
        .materialSpec(CaMaterial.Spec.rootOnly().withIntermediate(true))
        .build();
  }
}
