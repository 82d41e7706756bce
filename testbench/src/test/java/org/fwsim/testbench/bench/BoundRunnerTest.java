package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The bound's window: slices of one second, the median slice's rate, CPU up to the last renewal.
 */
class BoundRunnerTest {

  private static final long MS = 1_000_000L;

  @Test
  void aWindowIsCutIntoOneSecondSlices() {
    assertEquals(1, BoundRunner.slices(Duration.ofMillis(400)));
    assertEquals(1, BoundRunner.slices(Duration.ofMillis(1999)));
    assertEquals(5, BoundRunner.slices(Duration.ofSeconds(5)));
  }

  @Test
  void theMedianIsTheMiddleSliceOrTheMeanOfTheTwoMiddleOnes() {
    assertEquals(300, BoundRunner.median(new double[] {310, 100, 300}), 1e-9);
    assertEquals(305, BoundRunner.median(new double[] {310, 100, 300, 900}), 1e-9);
  }

  /**
   * A clock that moves 1 ms on every read; the work reads it once more and, in the second second
   * only, moves it 9 ms further: a neighbour slowing the machine down for one slice.
   */
  @Test
  void aSlowSliceMovesItselfNotTheRate() {
    AtomicLong now = new AtomicLong();
    RenewalWork work =
        () -> {
          long t = now.addAndGet(MS);
          if (t >= 1_000 * MS && t < 2_000 * MS) {
            now.addAndGet(9 * MS);
          }
          return 1;
        };
    BoundRunner.Totals t =
        BoundRunner.run(
            () -> work, 1, Duration.ZERO, Duration.ofSeconds(3), () -> now.addAndGet(MS));
    double[] rates = t.sliceRates();
    assertEquals(3, rates.length, Arrays.toString(rates));
    // Three reads per renewal (begin, the work's own, end): about 333 renewals in a quiet second,
    // about 83 in the slow one.
    assertEquals(333, rates[0], 5, Arrays.toString(rates));
    assertEquals(83, rates[1], 5, Arrays.toString(rates));
    assertEquals(333, rates[2], 5, Arrays.toString(rates));
    assertEquals(rates[0], t.perSecond(), 5, "the median, not the mean");
    assertEquals(Arrays.stream(rates).sum(), t.renewals(), 2, "every renewal is in one slice");
    assertTrue(t.spread() > 0.7, "spread " + t.spread());
  }
}
