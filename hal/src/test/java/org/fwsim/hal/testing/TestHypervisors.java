package org.fwsim.hal.testing;

import java.time.Instant;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;

/**
 * Hypervisors as the tests of every module want them: deterministic, driven by the test itself
 * ({@link Hypervisor#runUntilIdle()}, {@link HypervisorDriver}) rather than by worker threads.
 */
public final class TestHypervisors {

  private TestHypervisors() {}

  /**
   * A builder for a hypervisor on a fast-forward clock from {@code start}, with no worker threads
   * and one key-generating thread; a test adds what it needs (NIO, a small key pool) and builds.
   */
  public static Hypervisor.Builder builder(Instant start) {
    return Hypervisor.builder(SimClock.fastForward(start)).workers(0).keygenThreads(1);
  }
}
