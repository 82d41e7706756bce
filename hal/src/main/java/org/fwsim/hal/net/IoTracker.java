package org.fwsim.hal.net;

/**
 * Told when a connection starts and when it ends, so the virtual clock can see that IO is in flight
 * and hold off fast-forwarding. Calls come from any thread, in matched pairs: every {@link
 * #ioStarted()} is followed by exactly one {@link #ioFinished()}.
 */
public interface IoTracker {

  /** Tracks nothing. */
  IoTracker NONE =
      new IoTracker() {
        @Override
        public void ioStarted() {}

        @Override
        public void ioFinished() {}
      };

  /** A connection attempt began (before any added latency). */
  void ioStarted();

  /** That connection failed to open, or closed. */
  void ioFinished();
}
