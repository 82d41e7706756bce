package org.fwsim.testbench.bench;

import java.util.function.IntConsumer;

/**
 * Which certificates of the fleet are being enrolled: at most {@link #size} at once, started in
 * order, the next one as soon as one ends. An operator enrolls a fleet a batch at a time, and the
 * CA serves a few requests per core at once: started all together, the fleet's requests waited at
 * the CA until the transport's step timeout failed them, and each certificate's latency was its
 * wait in that queue rather than its service time.
 *
 * <p>Safe from any thread: {@link #release} runs on whichever appliance's mailbox heard the end,
 * {@link #resize} on the run's {@link InFlightControl}. {@code start} must be quick (it posts to a
 * mailbox); it runs outside this object's lock.
 */
final class EnrollmentWindow {

  private final int total;
  private final IntConsumer start;
  private int size;
  private int underWay;
  private int next;

  /**
   * @param size certificates under way at once, 1 or more
   * @param total certificates to enroll, numbered 0 to {@code total - 1}
   * @param start starts certificate {@code n}
   */
  EnrollmentWindow(int size, int total, IntConsumer start) {
    requireRoom(size);
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
    startMore(0);
  }

  /** A certificate ended (issued or given up): the next one takes its place if there is room. */
  void release() {
    startMore(1);
  }

  /** A new size: a larger window starts more at once, a smaller one starts none until it drains. */
  void resize(int newSize) {
    requireRoom(newSize);
    synchronized (this) {
      size = newSize;
    }
    startMore(0);
  }

  /** Certificates started so far. */
  synchronized int started() {
    return next;
  }

  /** Certificates started and not ended. */
  synchronized int underWay() {
    return underWay;
  }

  private void startMore(int ended) {
    int first;
    int count;
    synchronized (this) {
      underWay -= ended;
      count = Math.max(0, Math.min(size - underWay, total - next));
      first = next;
      next += count;
      underWay += count;
    }
    for (int n = first; n < first + count; n++) {
      start.accept(n);
    }
  }

  private static void requireRoom(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("an enrollment window needs room for 1, got " + size);
    }
  }
}
