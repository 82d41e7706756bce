package org.fwsim.testbench.bench;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detector during a storm. By default it samples one buffer in 128 and records
 * a stack trace for each, and a storm allocates several buffers per request on both sides: a cost
 * the simulated fleet would not pay. A storm turns it off unless the user chose a level with {@code
 * -Dio.netty.leakDetection.level}, which is then kept (to look for a leak); the level is the JVM's,
 * so closing puts back the one before, for whatever runs after the storm in the same JVM (tests).
 */
final class LeakDetection implements AutoCloseable {
  static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";

  private final ResourceLeakDetector.Level before;

  private LeakDetection(ResourceLeakDetector.Level before) {
    this.before = before;
  }

  /** Turns the detector off unless a level was asked for, until {@link #close()}. */
  static LeakDetection offUnlessAsked() {
    ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    if (System.getProperty(LEVEL_PROPERTY) == null
        && System.getProperty("io.netty.leakDetectionLevel") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    return new LeakDetection(before);
  }

  @Override
  public void close() {
    ResourceLeakDetector.setLevel(before);
  }
}
