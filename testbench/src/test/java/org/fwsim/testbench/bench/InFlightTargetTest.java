package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-flight bound follows what the CA gets through, between its floor and its ceiling. */
class InFlightTargetTest {

  private static final long SECOND = 1_000_000_000L;

  private final InFlightTarget target = new InFlightTarget(4, 64, Duration.ofSeconds(5));

  @Test
  void holdsTheCeilingUntilARateIsKnownAndWhileTheCaKeepsUp() {
    assertEquals(64, target.limit());
    assertEquals(64, target.update(0, 0), "a first reading is only the baseline");
    // 300 a second: 1,500 could wait 5 s, the ceiling holds.
    assertEquals(64, target.update(300, SECOND));
    assertEquals(64, target.update(600, 2 * SECOND));
  }

  @Test
  void aSlowCaGetsWhatItAnswersInTheTargetWait() {
    target.update(0, 0);
    // 6 a second, as a loaded machine's embedded CA: 30 in the target's 5 s.
    assertEquals(30, target.update(6, SECOND));
    assertEquals(30, target.update(12, 2 * SECOND));
    // Faster again: the bound grows back, smoothed over two readings.
    assertEquals(45, target.update(24, 3 * SECOND));
    assertEquals(64, target.update(100, 4 * SECOND));
  }

  @Test
  void aSecondWithoutAnswersHalvesTheRateButKeepsTheFloor() {
    target.update(0, 0);
    assertEquals(40, target.update(8, SECOND));
    assertEquals(20, target.update(8, 2 * SECOND));
    assertEquals(10, target.update(8, 3 * SECOND));
    assertEquals(5, target.update(8, 4 * SECOND));
    assertEquals(4, target.update(8, 5 * SECOND));
  }

  @Test
  void aNewPhaseStartsAtTheCeilingAndCountsFromItsOwnZero() {
    target.update(500, 0);
    assertEquals(30, target.update(506, SECOND));
    target.restart();
    assertEquals(64, target.limit(), "the last phase's tail says nothing of the next one");
    // The new phase's counter starts again at 0: the first reading is its baseline.
    assertEquals(64, target.update(0, 2 * SECOND));
    assertEquals(30, target.update(6, 3 * SECOND));
  }

  @Test
  void theFloorFollowsTheCoresButNeverExceedsTheCeiling() {
    assertEquals(4, InFlightTarget.floor(2, 64));
    assertEquals(16, InFlightTarget.floor(8, 256));
    assertEquals(1, InFlightTarget.floor(2, 1));
    assertThrows(IllegalArgumentException.class, () -> new InFlightTarget(8, 4, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new InFlightTarget(0, 4, Duration.ZERO));
  }
}
