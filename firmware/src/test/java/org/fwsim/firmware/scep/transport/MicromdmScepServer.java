package org.fwsim.firmware.scep.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.testing.Peer;

/**
 * The real micromdm SCEP server (Debian package {@code scep}) as a test peer: creates a CA depot,
 * starts {@code scepserver} on a free port and stops it again. Tests reach it only through {@link
 * #url()} on 127.0.0.1 (the server itself listens on every interface; its flag takes only a port).
 *
 * <pre>{@code
 * MicromdmScepServer.require();
 * try (MicromdmScepServer ca = MicromdmScepServer.builder().challenge("secret").start(tempDir)) {
 *     ScepUrl url = ScepUrl.parse(ca.url());   // http://127.0.0.1:<port>/scep
 * }
 * }</pre>
 */
public final class MicromdmScepServer implements AutoCloseable {
  /** The executable; Debian installs it in /usr/bin. */
  public static final String EXECUTABLE = "scepserver";

  private static final int BIND_ATTEMPTS = 5;

  private final Process process;
  private final int port;
  private final Path depot;
  private final Path log;

  private MicromdmScepServer(Process process, int port, Path depot, Path log) {
    this.process = process;
    this.port = port;
    this.depot = depot;
    this.log = log;
  }

  /** Options for the CA and the server; the defaults keep start-up fast. */
  public static final class Builder {
    private String challenge = "secret";
    private int caKeySize = 2048;
    private int allowRenewDays = 14;
    private int certificateValidityDays = 365;
    private String organization = "fwsim test CA";
    private Duration startTimeout = Duration.ofSeconds(20);

    private Builder() {}

    /** {@code -challenge}: the static challenge password; null for none. */
    public Builder challenge(String challenge) {
      this.challenge = challenge;
      return this;
    }

    /** {@code ca -keySize}; micromdm's own default, 4096, costs seconds. */
    public Builder caKeySize(int bits) {
      this.caKeySize = bits;
      return this;
    }

    /** {@code -allowrenew}: renewal allowed this many days before expiry; 0 = always. */
    public Builder allowRenewDays(int days) {
      this.allowRenewDays = days;
      return this;
    }

    /** {@code -crtvalid}: validity of issued certificates in days. */
    public Builder certificateValidityDays(int days) {
      this.certificateValidityDays = days;
      return this;
    }

    /** {@code ca -organization}. */
    public Builder organization(String organization) {
      this.organization = organization;
      return this;
    }

    /** How long to wait for the CA to be created and the port to accept. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Creates the depot under {@code workDir} ({@code scepserver ca -init}), starts the server and
     * returns once its port accepts connections.
     *
     * @throws IOException naming the step that failed, with the process output
     */
    public MicromdmScepServer start(Path workDir) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + startTimeout.toNanos();
      Path depot = workDir.resolve("depot");
      Path log = workDir.resolve("scepserver.log");
      runToCompletion(
          List.of(
              executable(),
              "ca",
              "-init",
              "-depot",
              depot.toString(),
              "-keySize",
              Integer.toString(caKeySize),
              "-organization",
              organization),
          workDir.resolve("ca-init.log"),
          deadline);
      // scepserver listens on every address of the port. A port free on 127.0.0.1 may still
      // be taken on another loopback address: a storm's connections leave thousands in
      // TIME_WAIT from 127.x sources. So a refused bind means another port, a few times.
      for (int attempt = 1; ; attempt++) {
        int port = freeLoopbackPort();
        List<String> command =
            new ArrayList<>(
                List.of(
                    executable(),
                    "-depot",
                    depot.toString(),
                    "-port",
                    Integer.toString(port),
                    "-allowrenew",
                    Integer.toString(allowRenewDays),
                    "-crtvalid",
                    Integer.toString(certificateValidityDays)));
        if (challenge != null) {
          command.addAll(List.of("-challenge", challenge));
        }
        Process process =
            new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        MicromdmScepServer server = new MicromdmScepServer(process, port, depot, log);
        try {
          server.awaitListening(deadline);
          return server;
        } catch (IOException | RuntimeException e) {
          server.close();
          if (attempt >= BIND_ATTEMPTS || !server.output().contains("address already in use")) {
            throw e;
          }
        }
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Fails the calling test when {@code scepserver} is missing, naming its Debian package. */
  public static void require() {
    Peer.SCEPSERVER.require();
  }

  /** The SCEP endpoint: {@code http://127.0.0.1:<port>/scep}. */
  public String url() {
    return "http://127.0.0.1:" + port + "/scep";
  }

  public int port() {
    return port;
  }

  /** The depot directory: {@code ca.pem}, {@code ca.key}, issued certificates, serial and index. */
  public Path depot() {
    return depot;
  }

  /** The CA certificate as PEM, read from the depot. */
  public Path caCertificatePem() {
    return depot.resolve("ca.pem");
  }

  /** The server's output so far (for assertion messages). */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Stops the server: SIGTERM, a bounded wait, then SIGKILL. */
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

  /**
   * Polls the port with short connect attempts until it accepts, the process dies, or the deadline.
   */
  private void awaitListening(long deadlineNanos) throws IOException, InterruptedException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(address, 200);
        return;
      } catch (IOException notYet) {
        // refused: not listening yet
      }
      // Waiting for the process to exit doubles as the pause between attempts (no sleep).
      if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
        throw new IOException(
            EXECUTABLE
                + " exited with "
                + process.exitValue()
                + " before listening on "
                + port
                + ":\n"
                + output());
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new IOException(
            EXECUTABLE
                + " did not accept connections on 127.0.0.1:"
                + port
                + " in time:\n"
                + output());
      }
    }
  }

  private static void runToCompletion(List<String> command, Path log, long deadlineNanos)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long left = Math.max(1, deadlineNanos - System.nanoTime());
    if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new IOException(String.join(" ", command) + " did not finish in time");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " failed with "
              + p.exitValue()
              + ":\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /** A port free on 127.0.0.1 now; the server takes it a moment later (a small, accepted race). */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static String executable() {
    return Peer.SCEPSERVER.require().toString();
  }
}
