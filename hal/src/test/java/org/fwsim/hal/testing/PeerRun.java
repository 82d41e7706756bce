package org.fwsim.hal.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * One run of a {@link Peer} program to its end, for interop tests: its exit code and what it
 * printed, standard output apart from standard error (a PEM on stdout stays clean).
 *
 * @param exit the exit code
 * @param stdout what it wrote on standard output
 * @param stderr what it wrote on standard error
 */
public record PeerRun(int exit, String stdout, String stderr) {

  /**
   * Runs {@code command} in {@code dir} with nothing on its standard input; the output goes through
   * files in {@code dir}, so a chatty program never blocks on a full pipe. Fails the test when the
   * program has not ended within {@code timeout}.
   */
  public static PeerRun of(Path dir, Duration timeout, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "peer", ".out");
    Path err = Files.createTempFile(dir, "peer", ".err");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      Assertions.fail(
          String.join(" ", command)
              + " did not finish within "
              + timeout.toSeconds()
              + " s:\n"
              + read(out)
              + read(err));
    }
    return new PeerRun(p.exitValue(), read(out), read(err));
  }

  /** Standard output, then standard error: everything a terminal would show. */
  public String output() {
    return stdout.isEmpty() || stdout.endsWith("\n") ? stdout + stderr : stdout + "\n" + stderr;
  }

  @Override
  public String toString() {
    return "exit " + exit + ":\n" + output();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
