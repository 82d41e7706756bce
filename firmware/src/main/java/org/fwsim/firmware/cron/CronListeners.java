package org.fwsim.firmware.cron;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The listeners of one forticron: the firmware's own (the certificate store's expiry mark) and a
 * testbench's side by side, each told in turn, in the order added. Copy-on-write, so telling them
 * allocates nothing.
 */
final class CronListeners {

  private static final System.Logger LOG = System.getLogger(CronListeners.class.getName());
  private static final CronListener[] NONE = {};

  private CronListener[] listeners = NONE;

  void add(CronListener listener) {
    Objects.requireNonNull(listener, "listener");
    CronListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = listener;
    listeners = next;
  }

  /** Removes a listener added before (the same instance); returns whether it was there. */
  boolean remove(CronListener listener) {
    for (int i = 0; i < listeners.length; i++) {
      if (listeners[i] == listener) {
        CronListener[] next = new CronListener[listeners.length - 1];
        System.arraycopy(listeners, 0, next, 0, i);
        System.arraycopy(listeners, i + 1, next, i, next.length - i);
        listeners = next.length == 0 ? NONE : next;
        return true;
      }
    }
    return false;
  }

  /**
   * Calls every listener, each in isolation: a failure is logged, never allowed to reach the next
   * listener or to leave a deadline unscheduled.
   */
  void tell(Consumer<CronListener> call) {
    for (CronListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "forticron: listener failed", e);
      }
    }
  }
}
