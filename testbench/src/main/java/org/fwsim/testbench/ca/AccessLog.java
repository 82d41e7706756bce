package org.fwsim.testbench.ca;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.fwsim.hal.io.SafeFiles;
import org.fwsim.hal.lang.DaemonThreads;

/**
 * One line per request the CA answered: the newest {@code capacity} in memory (for tests and the
 * console's {@code sim ca list}) and, when a file is given, every line appended to it by a
 * dedicated writer thread so event loops never touch the disk.
 */
public final class AccessLog implements AutoCloseable {

  /**
   * One answered request. {@code result} is SUCCESS, PENDING, FAILURE with its failInfo (e.g.
   * {@code FAILURE badRequest}), OK for GetCACaps/GetCACert, or {@code HTTP nnn}.
   */
  public record Entry(
      Instant time,
      String source,
      String method,
      String operation,
      String messageType,
      String transactionId,
      String result,
      int bytes,
      String detail) {

    /** Longest kept value of a field from the request; the detail may say a little more. */
    static final int MAX_FIELD = 128;

    static final int MAX_DETAIL = 512;

    /** Fields are escaped and capped here, so no path into the log can bypass it. */
    public Entry {
      source = LogText.bounded(source, MAX_FIELD);
      method = LogText.bounded(method, MAX_FIELD);
      operation = LogText.bounded(operation, MAX_FIELD);
      messageType = LogText.bounded(messageType, MAX_FIELD);
      transactionId = LogText.bounded(transactionId, MAX_FIELD);
      result = LogText.bounded(result, MAX_FIELD);
      detail = LogText.bounded(detail, MAX_DETAIL);
    }

    /** The line as written to the file: space-separated, '-' for absent fields. */
    public String toLine() {
      return String.join(
              " ",
              time.toString(),
              source,
              method,
              operation,
              dash(messageType),
              dash(transactionId),
              "\"" + result + "\"",
              Integer.toString(bytes),
              detail == null ? "" : "\"" + detail.replace('"', '\'') + "\"")
          .stripTrailing();
    }

    private static String dash(String s) {
      return s == null || s.isEmpty() ? "-" : s;
    }
  }

  private final int capacity;
  private final ArrayDeque<Entry> recent;
  private final ReentrantLock lock = new ReentrantLock();
  private final Writer file;
  private final ExecutorService writer;

  /**
   * A log keeping the newest {@code capacity} entries, also appended to {@code file} if not null.
   */
  public AccessLog(int capacity, Path file) {
    if (capacity < 1) {
      throw new IllegalArgumentException("access log capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.recent = new ArrayDeque<>(Math.min(capacity, 1024));
    if (file == null) {
      this.file = null;
      this.writer = null;
    } else {
      try {
        this.file = SafeFiles.appender(file, SafeFiles.Access.PRIVATE);
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot open CA access log " + file + ": " + e.getMessage(), e);
      }
      this.writer = Executors.newSingleThreadExecutor(DaemonThreads.named("fwsim-ca-accesslog"));
    }
  }

  void add(Entry e) {
    lock.lock();
    try {
      if (recent.size() == capacity) {
        recent.pollFirst();
      }
      recent.addLast(e);
    } finally {
      lock.unlock();
    }
    if (writer != null) {
      String line = e.toLine();
      try {
        writer.execute(() -> writeLine(line));
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // A request finishing while the CA shuts down: the in-memory log has it.
      }
    }
  }

  /** The newest entries, oldest first. */
  public List<Entry> entries() {
    lock.lock();
    try {
      return List.copyOf(recent);
    } finally {
      lock.unlock();
    }
  }

  private void writeLine(String line) {
    try {
      file.write(line);
      file.write(System.lineSeparator());
      file.flush();
    } catch (IOException e) {
      // A full disk must not take the CA down; the in-memory log still has the line.
    }
  }

  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      file.close();
    } catch (IOException e) {
      // Closing at shutdown: nothing left to save.
    }
  }
}
