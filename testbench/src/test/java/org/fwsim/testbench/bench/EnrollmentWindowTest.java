package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The enrollment phase keeps a window of certificates under way, never the whole fleet. */
class EnrollmentWindowTest {

  /** The certificates a window started, in the order it started them. */
  private final List<Integer> started = new ArrayList<>();

  /** A window of {@code size} over a fleet of {@code certificates}, recording each start. */
  private EnrollmentWindow windowOf(int size, int certificates) {
    return new EnrollmentWindow(size, certificates, started::add);
  }

  @Test
  void startsAWindowThenOneCertificatePerEnd() {
    EnrollmentWindow window = windowOf(3, 10);

    window.open();
    assertEquals(List.of(0, 1, 2), started);

    window.release();
    assertEquals(List.of(0, 1, 2, 3), started);
    assertEquals(4, window.started());
  }

  @Test
  void neverHasMoreThanItsSizeUnderWayAndStartsEveryCertificateOnce() {
    Deque<Integer> underWay = new ArrayDeque<>();
    int[] most = new int[1];
    EnrollmentWindow window =
        new EnrollmentWindow(
            4,
            25,
            n -> {
              started.add(n);
              underWay.add(n);
              most[0] = Math.max(most[0], underWay.size());
            });

    window.open();
    // Certificates end in another order than they started: the oldest and the newest in turn.
    boolean oldest = true;
    while (!underWay.isEmpty()) {
      if (oldest) {
        underWay.removeFirst();
      } else {
        underWay.removeLast();
      }
      oldest = !oldest;
      window.release();
    }

    assertEquals(4, most[0]);
    assertEquals(25, started.size());
    for (int i = 0; i < 25; i++) {
      assertEquals(i, started.get(i));
    }
    assertEquals(25, window.started());
  }

  @Test
  void aLargerWindowStartsMoreAtOnceAndASmallerOneDrainsFirst() {
    EnrollmentWindow window = windowOf(2, 10);
    window.open();

    window.resize(4);
    assertEquals(List.of(0, 1, 2, 3), started);

    window.resize(1);
    window.release();
    window.release();
    window.release();
    assertEquals(4, started.size(), "one still under way fills the smaller window");
    window.release();
    assertEquals(List.of(0, 1, 2, 3, 4), started);
    assertEquals(1, window.underWay());
  }

  @Test
  void aFleetSmallerThanTheWindowStartsWhole() {
    EnrollmentWindow window = windowOf(8, 3);

    window.open();
    window.release();

    assertEquals(List.of(0, 1, 2), started);
  }

  @Test
  void sizeFollowsTheAdmissionBound() {
    assertEquals(128, EnrollmentWindow.size(128, 100_000));
    assertEquals(1, EnrollmentWindow.size(1, 20));
    // No bound: the fleet fits at once.
    assertEquals(2_000, EnrollmentWindow.size(0, 2_000));
    assertEquals(1, EnrollmentWindow.size(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new EnrollmentWindow(0, 5, n -> {}));
  }
}
