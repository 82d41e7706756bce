package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-flight bound follows what the CA gets through, between its floor and its ceiling. */
class InFlightTargetTest {

  private static final long SECOND = 1_000_000_000L;

  private final InFlightTarget target = new InFlightTarget(4, 64, Duration.ofSeconds(5));

  private long second;

  /** Reads the ended counts one second apart, on from the last reading; returns each limit. */
  private List<Integer> readEverySecond(long... ended) {
    List<Integer> limits = new ArrayList<>();
    for (long n : ended) {
      limits.add(target.update(n, second++ * SECOND));
    }
    return limits;
  }

  @Test
  void holdsTheCeilingUntilARateIsKnownAndWhileTheCaKeepsUp() {
    assertEquals(64, target.limit());
    // The first reading is only the baseline; then 300 a second: 1,500 could wait 5 s.
    assertEquals(List.of(64, 64, 64), readEverySecond(0, 300, 600));
  }

  @Test
  void aSlowCaGetsWhatItAnswersInTheTargetWait() {
    // 6 a second, as a loaded machine's embedded CA: 30 in the target's 5 s; then faster again,
    // the bound grows back, smoothed over two readings.
    assertEquals(List.of(64, 30, 30, 45, 64), readEverySecond(0, 6, 12, 24, 100));
  }

  @Test
  void aSecondWithoutAnswersHalvesTheRateButKeepsTheFloor() {
    assertEquals(List.of(64, 40, 20, 10, 5, 4), readEverySecond(0, 8, 8, 8, 8, 8));
  }

  @Test
  void aNewPhaseStartsAtTheCeilingAndCountsFromItsOwnZero() {
    assertEquals(List.of(64, 30), readEverySecond(500, 506));
    target.restart();
    assertEquals(64, target.limit(), "the last phase's tail says nothing of the next one");
    // The new phase's counter starts again at 0: the first reading is its baseline.
    assertEquals(List.of(64, 30), readEverySecond(0, 6));
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
