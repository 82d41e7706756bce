package org.fwsim.testbench.bench;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detector during a storm. By default it samples one buffer in 128 and records
 * a stack trace for each, and a storm allocates several buffers per request on both sides: a cost
 * the simulated fleet would not pay. A storm turns it off unless the user chose a level with {@code
 * -Dio.netty.leakDetection.level}, which is then kept (to look for a leak).
 */
final class LeakDetection {
  static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";

  private LeakDetection() {}

  /** Turns the detector off unless a level was asked for; says whether it did. */
  static boolean offUnlessAsked() {
    if (System.getProperty(LEVEL_PROPERTY) != null
        || System.getProperty("io.netty.leakDetectionLevel") != null) {
      return false;
    }
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    return true;
  }
}
