package org.fwsim.testbench.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which SCEP CA a command's appliances enroll with, the same for {@code storm} and {@code console}:
 * the embedded CA unless {@code --ca URL} names an external one, and its challenge password.
 */
public final class CaOptions {

  @Option(
      names = "--ca",
      paramLabel = "URL",
      description = "An external RFC 8894 SCEP CA on loopback (default: the embedded CA).")
  public String url;

  /** The challenge (default: a random one for the embedded CA, printed at start). */
  @Mixin public ChallengeOptions challenge = new ChallengeOptions();
}
