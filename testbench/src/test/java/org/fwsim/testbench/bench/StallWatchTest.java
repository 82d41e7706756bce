package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A count that stands still for the bound is a stall; any end starts the bound again. */
class StallWatchTest {

  private static final long S = 1_000_000_000L;

  @Test
  void aCountStandingStillForTheBoundIsAStallAndAnEndStartsItAgain() {
    StallWatch watch = new StallWatch(Duration.ofSeconds(10));
    assertFalse(watch.stalled(5, 0), "the first reading starts the watch");
    assertFalse(watch.stalled(5, 9 * S));
    assertTrue(watch.stalled(5, 10 * S));
    assertEquals(Duration.ofSeconds(10), watch.still(10 * S));

    assertFalse(watch.stalled(6, 11 * S), "one thing ended");
    assertFalse(watch.stalled(6, 20 * S));
    assertTrue(watch.stalled(6, 21 * S));
  }

  @Test
  void aBoundOfNothingIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StallWatch(Duration.ZERO));
  }
}
