package org.fwsim.testbench.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Which certificates of the fleet are being enrolled: at most {@code size} at once, started in
 * order, the next one as soon as one ends. An operator enrolls a fleet a batch at a time, and the
 * CA serves a few requests per core at once: started all together, the fleet's requests waited at
 * the CA until the transport's step timeout failed them, and each certificate's latency was its
 * wait in that queue rather than its service time.
 *
 * <p>Safe from any thread: {@link #release} runs on whichever appliance's mailbox heard the end.
 * {@code start} must be quick (it posts to a mailbox).
 */
final class EnrollmentWindow {

  private final int size;
  private final int total;
  private final IntConsumer start;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param size certificates under way at once, 1 or more
   * @param total certificates to enroll, numbered 0 to {@code total - 1}
   * @param start starts certificate {@code n}
   */
  EnrollmentWindow(int size, int total, IntConsumer start) {
    if (size < 1) {
      throw new IllegalArgumentException("an enrollment window needs room for 1, got " + size);
    }
    this.size = size;
    this.total = total;
    this.start = start;
  }

  /** The window for {@code certificates} under an admission bound of {@code limit} (0: none). */
  static int size(int limit, int certificates) {
    return limit == 0 ? Math.max(1, certificates) : limit;
  }

  /** Starts the first {@code size} certificates. */
  void open() {
    for (int i = 0; i < size; i++) {
      startNext();
    }
  }

  /** A certificate ended (issued or given up): the next one takes its place. */
  void release() {
    startNext();
  }

  /** Certificates started so far. */
  int started() {
    return Math.min(total, next.get());
  }

  private void startNext() {
    int n = next.getAndIncrement();
    if (n < total) {
      start.accept(n);
    }
  }
}
