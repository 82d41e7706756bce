package org.fwsim.testbench.fleet;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as a request to stop, handled by the fleet itself: with only a shutdown hook
 * the JVM would exit with 143 after a SIGTERM, and the fleet must save and exit 0.
 */
final class Signals {
  private Signals() {}

  /** Runs {@code stop} on the first SIGINT or SIGTERM (on the JVM's signal thread). */
  static void onStop(Runnable stop) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), s -> stop.run());
      } catch (IllegalArgumentException unsupported) {
        // A platform without this signal: the other one, or the process's end, stops the fleet.
      }
    }
  }
}
