package org.fwsim.testbench.mgmt.https;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fwsim.hal.testing.HypervisorDriver;

/**
 * Runs a real client (curl, openssl) against the in-process fleet while the test thread drives the
 * hypervisor, so the appliances' mailboxes answer it (tests require the tool through {@link
 * org.fwsim.hal.testing.Peer}).
 */
final class RealClient {
  private RealClient() {}

  /** Runs {@code cmd} with no input; returns its standard output (errors appended on failure). */
  static String run(HypervisorDriver driver, Path dir, List<String> cmd) {
    try {
      Path out = Files.createTempFile(dir, "client", ".out");
      Path err = Files.createTempFile(dir, "client", ".err");
      Process p =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      driver.doWorkUntil(() -> !p.isAlive(), Duration.ofSeconds(30), () -> cmd + " finished");
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        fail(cmd + " exited " + p.exitValue() + ": " + text + Files.readString(err));
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd, e);
    }
  }
}
