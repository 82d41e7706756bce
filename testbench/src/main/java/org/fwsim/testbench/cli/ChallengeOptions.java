package org.fwsim.testbench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The SCEP challenge password of the commands that take one ({@code ca}, {@code console}, {@code
 * storm}, {@code fleet}): on the command line, where {@code ps} and shell history show it to
 * everyone; from a file; or from the environment variable {@code FWSIM_CHALLENGE}, in that order.
 */
public final class ChallengeOptions {

  /** How fwsim prints a challenge it was given (FortiOS prints a password as stars). */
  public static final String MASK = "********";

  /** The environment variable read when neither option is given. */
  public static final String ENV = "FWSIM_CHALLENGE";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--challenge",
      paramLabel = "PASSWORD",
      description =
          "Challenge password. On the command line it is shown by ps and kept in shell history:"
              + " prefer --challenge-file or the environment variable "
              + ENV
              + ".")
  String challenge;

  @Option(
      names = "--challenge-file",
      paramLabel = "FILE",
      description = "Read the challenge password from the first line of FILE.")
  Path challengeFile;

  /** The challenge from the options, the file or {@link #ENV}; null when none is given. */
  public String value() {
    return value(System.getenv());
  }

  /** Whether a challenge is given at all (then it is masked wherever fwsim prints it). */
  public boolean given() {
    return given(System.getenv());
  }

  String value(Map<String, String> env) {
    if (challenge != null && challengeFile != null) {
      throw error("--challenge or --challenge-file, not both");
    }
    if (challenge != null) {
      return challenge;
    }
    if (challengeFile != null) {
      String text;
      try {
        text = Files.readString(challengeFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw error("--challenge-file: cannot read " + challengeFile + ": " + e.getMessage());
      }
      String first = text.lines().findFirst().orElse("").strip();
      if (first.isEmpty()) {
        throw error("--challenge-file: " + challengeFile + " is empty");
      }
      return first;
    }
    String fromEnv = env.get(ENV);
    return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
  }

  boolean given(Map<String, String> env) {
    return value(env) != null;
  }

  private CommandLine.ParameterException error(String message) {
    CommandLine cli = spec != null ? spec.commandLine() : new CommandLine(this);
    return new CommandLine.ParameterException(cli, message);
  }
}
