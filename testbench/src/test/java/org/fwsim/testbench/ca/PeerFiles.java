package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.hal.testing.PeerRun;

/**
 * The working directory of an interop test's peers (openssl, curl): file names resolved in it,
 * certificates written there as PEM, and programs run there that must succeed.
 *
 * @param dir the test's temporary directory
 */
record PeerFiles(Path dir) {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  String path(String name) {
    return dir.resolve(name).toString();
  }

  Path pem(String name, X509Certificate cert) throws IOException {
    return Files.writeString(dir.resolve(name), PemCodec.certificates(List.of(cert)));
  }

  /**
   * Runs {@code command} followed by {@code more} in the directory and returns how it ended, for
   * the runs a test expects to fail as well as those it checks itself.
   */
  PeerRun attempt(List<String> command, String... more) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of(more));
    return PeerRun.of(dir, TIMEOUT, cmd);
  }

  /** Runs {@code cmd} in the directory; fails the test unless it exits 0; returns its stdout. */
  String run(String... cmd) throws IOException, InterruptedException {
    PeerRun r = PeerRun.of(dir, TIMEOUT, List.of(cmd));
    if (r.exit() != 0) {
      fail(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
    }
    return r.stdout();
  }

  /**
   * {@code openssl verify} of {@code cert} up to the root of {@code ca}, through its intermediate.
   */
  void assertVerifies(CaMaterial ca, Path cert) throws IOException, InterruptedException {
    Path root = pem("root.pem", ca.rootCert());
    Path chain = pem("intermediate.pem", ca.intermediateCert());
    String out =
        run(
            "openssl",
            "verify",
            "-CAfile",
            root.toString(),
            "-untrusted",
            chain.toString(),
            cert.toString());
    assertTrue(out.trim().endsWith(": OK"), out);
  }
}
