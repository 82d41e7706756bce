package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;

/**
 * {@code openssl verify} of issued certificates against their CA, for tests: a missing openssl
 * fails the test ({@link org.fwsim.hal.testing.Peer}).
 */
public final class OpensslVerify {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private OpensslVerify() {}

  /** Asserts that openssl accepts every certificate as issued by {@code ca}, now. */
  public static void assertVerifies(Path dir, X509Certificate ca, List<X509Certificate> issued)
      throws IOException, InterruptedException {
    assertVerifies(dir, ca, issued, null);
  }

  /**
   * Asserts that openssl accepts every certificate as issued by {@code ca} at {@code at} (openssl's
   * {@code -attime}): certificates issued on a simulation's virtual clock are valid then, not
   * necessarily now. A null time means now.
   */
  public static void assertVerifies(
      Path dir, X509Certificate ca, List<X509Certificate> issued, Instant at)
      throws IOException, InterruptedException {
    Peer.OPENSSL.require();
    Path caPem = write(dir.resolve("ca.pem"), List.of(ca));
    List<String> cmd = new ArrayList<>(List.of("openssl", "verify", "-CAfile", caPem.toString()));
    if (at != null) {
      cmd.addAll(List.of("-attime", Long.toString(at.getEpochSecond())));
    }
    for (int i = 0; i < issued.size(); i++) {
      cmd.add(write(dir.resolve("issued-" + i + ".pem"), List.of(issued.get(i))).toString());
    }
    PeerRun verify = PeerRun.of(dir, TIMEOUT, cmd);
    String output = verify.output();
    assertEquals(0, verify.exit(), output);
    assertEquals(issued.size(), output.lines().filter(l -> l.endsWith(": OK")).count(), output);
    assertTrue(output.lines().allMatch(l -> l.endsWith(": OK")), output);
  }

  private static Path write(Path file, List<X509Certificate> certs) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      for (X509Certificate c : certs) {
        w.writeObject(c);
      }
    }
    return Files.writeString(file, sw.toString());
  }
}
