package org.fwsim.hal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Assertions on a fast-forward clock's scheduler thread: virtual time must stand still while work
 * is in flight and jump to the next timer once the simulation is quiet.
 */
public final class FastForwardAssertions {
  private FastForwardAssertions() {}

  /**
   * Fails unless {@code clock} still reads {@code start} and {@code fired} is still closed a while
   * after the timer was set, and, once {@code quiet} ended the work in flight, {@code fired} opens
   * with the clock at {@code deadline}.
   */
  public static void assertJumpsOnlyOnceQuiet(
      InstantSource clock, long start, long deadline, CountDownLatch fired, Runnable quiet)
      throws InterruptedException {
    assertFalse(fired.await(200, TimeUnit.MILLISECONDS), "time jumped while work was in flight");
    assertEquals(start, clock.millis());

    quiet.run();
    assertTrue(fired.await(5, TimeUnit.SECONDS), "time did not jump once quiet");
    assertEquals(deadline, clock.millis());
  }
}
