package org.fwsim.testbench.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * micromdm's {@code scepserver} (Debian package {@code scep}) as the storm's external CA: a CA
 * made with {@code ca -init} (RSA-2048, quick), the server on a free port with a static
 * challenge and {@code -allowrenew 0}, stopped on {@link #close()}. Its log is kept for
 * assertion messages: micromdm says there why it refused a request.
 */
final class MicromdmServer implements AutoCloseable {

  static final String EXECUTABLE = "scepserver";
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final Process process;
  private final int port;
  private final Path log;

  private MicromdmServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Skips the calling test when {@code scepserver} is not installed, except under CI (env
   * {@code CI} set), where .ci/run installs it and its absence must fail the build.
   */
  static void requireOrSkip() {
    if (executable() != null) {
      return;
    }
    String reason = EXECUTABLE + " is not on the PATH: install Debian's 'scep' package (micromdm"
        + " scepserver) to run the storm against it; .ci/run does";
    if (System.getenv("CI") != null) {
      Assertions.fail(reason + ", but CI is set");
    }
    Assumptions.assumeTrue(false, reason);
  }

  /** {@code scepserver ca -init} in {@code dir}, then the server; returns once it accepts. */
  static MicromdmServer start(Path dir, String challenge) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    String exe = executable();
    Path depot = dir.resolve("depot");
    Path initLog = dir.resolve("ca-init.log");
    Process init = new ProcessBuilder(exe, "ca", "-init", "-depot", depot.toString(), "-keySize",
        "2048", "-organization", "fwsim storm test CA").redirectErrorStream(true)
        .redirectOutput(initLog.toFile()).start();
    if (!init.waitFor(START_TIMEOUT_NANOS, TimeUnit.NANOSECONDS) || init.exitValue() != 0) {
      init.destroyForcibly();
      throw new IOException(EXECUTABLE + " ca -init failed:\n" + Files.readString(initLog));
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // free now; the server takes it a moment later
    }
    Path log = dir.resolve("scepserver.log");
    Process p = new ProcessBuilder(List.of(exe, "-depot", depot.toString(), "-port",
        Integer.toString(port), "-allowrenew", "0", "-challenge", challenge))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    MicromdmServer server = new MicromdmServer(p, port, log);
    try {
      server.awaitListening(deadline);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** {@code http://127.0.0.1:<port>/scep}. */
  String url() {
    return "http://127.0.0.1:" + port + "/scep";
  }

  /** What the server logged so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Short connect attempts until the port accepts; waiting on the process is the pause. */
  private void awaitListening(long deadline) throws IOException, InterruptedException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(address, 200);
        return;
      } catch (IOException notYet) {
        // not listening yet
      }
      if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
        throw new IOException(EXECUTABLE + " exited with " + process.exitValue() + ":\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(EXECUTABLE + " did not listen on " + address + " in time:\n" + output());
      }
    }
  }

  private static String executable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, EXECUTABLE);
      if (f.isFile() && f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }
}
