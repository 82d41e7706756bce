package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.testbench.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code fwsim crypto-bound} from the command line. */
class CryptoBoundCommandTest {

  @Test
  void printsTheBoundOnOneLine() {
    StringWriter out = new StringWriter();
    int code = run(out, "crypto-bound --key ec256 --threads 1 --warmup 0 --seconds 0.3 --no-codec");
    assertEquals(0, code);
    assertTrue(
        out.toString()
            .matches(
                "raw ec256\\+password 1 thread: [0-9,]+ renewals in 0\\.[0-9]{2} s = "
                    + "[0-9.]+/s\\R"),
        out.toString());
  }

  @Test
  void withoutAChallengeAnEcBoundIsKeyAgreement() {
    StringWriter out = new StringWriter();
    int code =
        run(
            out,
            "crypto-bound --key ec256 --no-challenge --threads 1 --warmup 0 --seconds 0.3 --no-codec");
    assertEquals(0, code);
    assertTrue(out.toString().startsWith("raw ec256+keyagree 1 thread: "), out.toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--key rsa1024 --seconds 0.1 | no crypto bound for key 'rsa1024'",
        "--threads 0                 | threads must be at least 1, got 0",
        "--seconds 0                 | duration must be positive",
        "--warmup -1                 | warm-up must be zero or more",
      })
  void badOptionsAreOneLineNamingThem(String args, String expected) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    List<String> argv = new ArrayList<>(List.of("crypto-bound"));
    argv.addAll(List.of(args.split(" ")));
    int code = cli.execute(argv.toArray(String[]::new));
    assertEquals(2, code, err.toString());
    assertTrue(
        err.toString().startsWith("fwsim crypto-bound: ") && err.toString().contains(expected),
        err.toString());
    assertEquals(1, err.toString().lines().count(), "one line: " + err);
  }

  /** Runs {@code fwsim commandLine} with its standard output into {@code out}; the exit code. */
  private static int run(StringWriter out, String commandLine) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    return cli.execute(commandLine.split(" "));
  }
}
