package org.fwsim.testbench.console;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.testing.Peer;

/**
 * OpenSSL 3's {@code openssl cmp -port 0} as a mock CMP server for a test: started with the options
 * given, its port read from its {@code ACCEPT [::]:PORT} line, its output kept for the assertions;
 * it ends after {@code -max_msgs} messages or at {@link #close()}.
 */
final class OpensslCmpMockServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final StringBuffer output = new StringBuffer();
  private final Thread drain;

  private OpensslCmpMockServer(Process process, int port, BufferedReader rest) {
    this.process = process;
    this.port = port;
    this.drain =
        new Thread(
            () -> {
              try {
                for (String l = rest.readLine(); l != null; l = rest.readLine()) {
                  output.append(l).append('\n');
                }
              } catch (IOException closed) {
                // the process ended
              }
            },
            "openssl-cmp-mock-output");
    drain.setDaemon(true);
    drain.start();
  }

  static OpensslCmpMockServer start(java.nio.file.Path dir, String... options) throws IOException {
    Peer.OPENSSL.require();
    List<String> cmd = new ArrayList<>(List.of("openssl", "cmp", "-port", "0"));
    cmd.addAll(List.of(options));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    // The line comes once the socket listens; a failed start ends the stream instead.
    for (String l = r.readLine(); l != null; l = r.readLine()) {
      seen.append(l).append('\n');
      if (l.startsWith("ACCEPT ")) {
        String hostPort = l.substring("ACCEPT ".length()).split(" ")[0];
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        OpensslCmpMockServer s = new OpensslCmpMockServer(p, port, r);
        s.output.append(seen);
        return s;
      }
    }
    return fail("openssl cmp -port 0 did not start:\n" + seen);
  }

  int port() {
    return port;
  }

  /** Everything it printed so far (all of it once {@link #close()} returned). */
  String output() {
    return output.toString();
  }

  /** Stops it (if {@code -max_msgs} has not) and reads its output to the end; idempotent. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    drain.join(TimeUnit.SECONDS.toMillis(10));
  }
}
