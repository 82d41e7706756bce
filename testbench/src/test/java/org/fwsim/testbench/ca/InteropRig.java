package org.fwsim.testbench.ca;

import java.io.IOException;
import java.nio.file.Path;
import org.fwsim.hal.testing.Peer;

/**
 * What an interop test runs real peers against: the peers it needs, required first so that a
 * missing one fails the test; their working directory; and the CA with an intermediate, its root
 * written there as {@code root.pem} for the peers to trust. Closing it closes the CA.
 *
 * @param files the peers' working directory
 * @param ca the CA, built, not started: the test serves it over the protocol it tests
 * @param root the CA's root in {@code files}, as PEM
 */
record InteropRig(PeerFiles files, ScepCa ca, Path root) implements AutoCloseable {

  /** Requires {@code peers}, then builds the CA with {@code challenge} and writes its root. */
  static InteropRig open(Path dir, String challenge, Peer... peers) throws IOException {
    for (Peer peer : peers) {
      peer.require();
    }
    PeerFiles files = new PeerFiles(dir);
    ScepCa ca = InteropCa.withIntermediate(challenge);
    try {
      return new InteropRig(files, ca, files.pem("root.pem", ca.material().rootCert()));
    } catch (IOException | RuntimeException e) {
      ca.close();
      throw e;
    }
  }

  @Override
  public void close() {
    ca.close();
  }
}
