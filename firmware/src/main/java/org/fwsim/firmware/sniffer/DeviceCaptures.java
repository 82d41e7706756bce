package org.fwsim.firmware.sniffer;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pcap captures {@code --pcap DIR} starts on chosen appliances of a storm or a fleet: one file
 * per appliance ({@code DIR/<name>.pcap}, every interface), as {@code sim sniffer start any} writes
 * it. {@link #close} stops them when the run ends; a shutdown hook closes the files if the JVM
 * exits first (a signal), so no file is left with half a record.
 */
public final class DeviceCaptures implements AutoCloseable {

  private record Running(PacketSniffer sniffer, Path file, Closeable handle) {}

  private final List<Running> running;
  private final Duration timeout;
  private final Thread exitHook;
  private boolean closed;

  private DeviceCaptures(List<Running> running, Duration timeout) {
    this.running = running;
    this.timeout = timeout;
    this.exitHook = new Thread(this::closeFiles, "pcap-close");
  }

  /**
   * Starts a capture on each device, into {@code dir} (created when missing).
   *
   * @param devices each device's sniffer by the file name (without {@code .pcap}) of its capture
   * @param timeout how long one device's mailbox may take to start or stop its capture
   * @throws IOException when the directory or a file cannot be created (nothing is left running)
   */
  public static DeviceCaptures start(Path dir, Map<String, PacketSniffer> devices, Duration timeout)
      throws IOException {
    Files.createDirectories(dir);
    List<Running> running = new ArrayList<>();
    DeviceCaptures captures = new DeviceCaptures(running, timeout);
    try {
      for (Map.Entry<String, PacketSniffer> e : new LinkedHashMap<>(devices).entrySet()) {
        PacketSniffer sniffer = e.getValue();
        Path file = dir.resolve(e.getKey() + ".pcap");
        Closeable handle =
            captures.await(sniffer.appliance().call(() -> sniffer.startCapture("any", file)));
        running.add(new Running(sniffer, file, handle));
      }
    } catch (IOException | RuntimeException e) {
      captures.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(captures.exitHook);
    return captures;
  }

  /** The files being written, in the order of the devices. */
  public List<Path> files() {
    return running.stream().map(Running::file).toList();
  }

  /**
   * Stops every capture on its device's mailbox and closes its file; idempotent. A mailbox that
   * does not answer (its hypervisor gone) does not keep a file open.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Running r : running) {
      try {
        await(r.sniffer().appliance().call(() -> r.sniffer().stopCapture()));
      } catch (IOException | RuntimeException e) {
        // The file is closed below all the same.
      }
    }
    closeFiles();
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // The JVM is exiting (the hook runs or ran) or the hook was never added.
    }
  }

  /** Closes the files directly, from any thread: what the JVM's exit runs. */
  private void closeFiles() {
    for (Running r : running) {
      try {
        r.handle().close();
      } catch (IOException e) {
        // Closing flushes nothing new: every packet was flushed as it was written.
      }
    }
  }

  private <T> T await(java.util.concurrent.CompletableFuture<T> f) throws IOException {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new UncheckedIOException(new IOException(e.getCause()));
    } catch (TimeoutException e) {
      throw new IOException("a device did not answer within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
