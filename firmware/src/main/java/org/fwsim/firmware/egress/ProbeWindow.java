package org.fwsim.firmware.egress;

/**
 * The last {@code probe-count} probe results of one (health check, member): a ring of latencies in
 * microseconds, {@code -1} for a lost probe. Loss, latency and jitter are computed over it. Owner
 * thread only; small on purpose (one int per slot).
 */
final class ProbeWindow {

  private static final int LOST = -1;

  private final int[] samples;
  private int next;
  private int size;

  ProbeWindow(int capacity) {
    this.samples = new int[capacity];
  }

  void addSuccess(long latencyMicros) {
    add((int) Math.min(Integer.MAX_VALUE, Math.max(0, latencyMicros)));
  }

  void addLoss() {
    add(LOST);
  }

  private void add(int value) {
    samples[next] = value;
    next = (next + 1) % samples.length;
    size = Math.min(size + 1, samples.length);
  }

  /** Lost probes over the window, 0..100; 0 before any probe. */
  double lossPercent() {
    if (size == 0) {
      return 0;
    }
    int lost = 0;
    for (int i = 0; i < size; i++) {
      if (at(i) == LOST) {
        lost++;
      }
    }
    return lost * 100.0 / size;
  }

  /** Mean latency of the successful probes in ms; 0 without any. */
  double latencyMillis() {
    long sum = 0;
    int n = 0;
    for (int i = 0; i < size; i++) {
      int v = at(i);
      if (v != LOST) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? 0 : sum / 1000.0 / n;
  }

  /**
   * Mean absolute difference of consecutive successful latencies in ms (RFC 3550 style,
   * unsmoothed).
   */
  double jitterMillis() {
    long sum = 0;
    int n = 0;
    int previous = LOST;
    for (int i = 0; i < size; i++) {
      int v = at(i);
      if (v == LOST) {
        continue;
      }
      if (previous != LOST) {
        sum += Math.abs(v - previous);
        n++;
      }
      previous = v;
    }
    return n == 0 ? 0 : sum / 1000.0 / n;
  }

  /** The i-th oldest sample. */
  private int at(int i) {
    int oldest = size < samples.length ? 0 : next;
    return samples[(oldest + i) % samples.length];
  }
}
