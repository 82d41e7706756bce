package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fleet-wide bound on SCEP transactions in flight: places, handover in order, no lost start.
 */
class ScepAdmissionTest {

  @Test
  void startsBeyondTheBoundWaitAndAreHandedOverInOrder() {
    ScepAdmission admission = ScepAdmission.bounded(2);
    List<Integer> started = admitFive(admission);
    assertEquals(List.of(0, 1), started);
    assertEquals(2, admission.inFlight());
    assertEquals(3, admission.waiting());

    admission.release();
    assertEquals(List.of(0, 1, 2), started);
    admission.release();
    admission.release();
    assertEquals(List.of(0, 1, 2, 3, 4), started);
    assertEquals(2, admission.inFlight());
    assertEquals(0, admission.waiting());

    admission.release();
    admission.release();
    assertEquals(0, admission.inFlight());
    assertEquals(5, admission.admitted());
  }

  /**
   * A transaction's start as {@code ScepTransaction} makes it: {@code start} runs now when {@link
   * ScepAdmission#enter} gives a place at once, else when a place is handed over.
   */
  private static void start(ScepAdmission admission, Runnable start) {
    if (admission.enter(start)) {
      start.run();
    }
  }

  /** Asks {@code admission} for five starts, 0 to 4; the list shows which of them have run. */
  private static List<Integer> admitFive(ScepAdmission admission) {
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      start(admission, () -> started.add(n));
    }
    return started;
  }

  @Test
  void enterAnswersWhetherThePlaceIsTakenNowAndOnlyAWaitingStartIsHandedOver() {
    ScepAdmission admission = ScepAdmission.bounded(1);
    List<String> handedOver = new ArrayList<>();
    assertTrue(admission.enter(() -> handedOver.add("first")), "a free place: start now");
    assertFalse(admission.enter(() -> handedOver.add("second")), "none free: wait");
    assertFalse(
        admission.enter(() -> handedOver.add("third")), "one waits before it: wait in line");
    assertEquals(List.of(), handedOver, "the caller that started at once is never called back");

    admission.release();
    assertEquals(List.of("second"), handedOver);
    admission.resize(2);
    assertEquals(List.of("second", "third"), handedOver);
    admission.release();
    admission.release();
    assertTrue(admission.enter(() -> handedOver.add("fourth")));
    assertEquals(List.of("second", "third"), handedOver);
    assertEquals(1, admission.inFlight());
    assertEquals(4, admission.admitted());
    assertTrue(ScepAdmission.UNLIMITED.enter(() -> handedOver.add("unlimited")));
  }

  @Test
  void unlimitedStartsAtOnceAndCountsNothing() {
    AtomicInteger started = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      start(ScepAdmission.UNLIMITED, started::incrementAndGet);
    }
    ScepAdmission.UNLIMITED.release();
    assertEquals(3, started.get());
    assertEquals(0, ScepAdmission.UNLIMITED.inFlight());
    assertEquals(0, ScepAdmission.UNLIMITED.limit());
  }

  @Test
  void aBoundBelowOneIsRefusedWithItsValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ScepAdmission.bounded(0));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }

  @Test
  void aLargerBoundStartsWaitersAtOnceAndASmallerOneLetsThoseInFlightDrainFirst() {
    ScepAdmission admission = ScepAdmission.bounded(1);
    List<Integer> started = admitFive(admission);
    assertEquals(List.of(0), started);

    admission.resize(3);
    assertEquals(List.of(0, 1, 2), started);
    assertEquals(3, admission.inFlight());

    admission.resize(1);
    admission.release();
    admission.release();
    assertEquals(List.of(0, 1, 2), started, "one of the three still holds the only place");
    admission.release();
    assertEquals(List.of(0, 1, 2, 3), started);
    assertEquals(1, admission.inFlight());
    assertEquals(1, admission.waiting());
    assertThrows(IllegalStateException.class, () -> ScepAdmission.UNLIMITED.resize(4));
    assertThrows(IllegalArgumentException.class, () -> admission.resize(0));
  }

  @Test
  void aStartThatCannotPostGivesItsPlaceBackAndTheNextOneStarts() {
    ScepAdmission admission = ScepAdmission.bounded(1);
    List<String> started = new ArrayList<>();
    start(admission, () -> started.add("first"));
    start(
        admission,
        () -> {
          admission.release(); // as ScepTransaction does when the mailbox refuses
          throw new IllegalStateException("mailbox closed");
        });
    start(admission, () -> started.add("third"));

    admission.release(); // the first ends: the second fails to start, the third gets the place
    assertEquals(List.of("first", "third"), started);
    assertEquals(1, admission.inFlight());
  }

  /** Threads admit and release at random; no more than the bound ever run, and every start runs. */
  @Test
  void underContentionTheBoundHoldsAndNoStartIsLost() throws Exception {
    int limit = 3;
    int threads = 4;
    int perThread = 5_000;
    ScepAdmission admission = ScepAdmission.bounded(limit);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    // Admitted starts do their "work" on the pool and then release, as transactions end elsewhere.
    ExecutorService work = Executors.newFixedThreadPool(threads);
    CountDownLatch all = new CountDownLatch(threads * perThread);
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(
            () -> {
              for (int i = 0; i < perThread; i++) {
                start(
                    admission,
                    () -> {
                      int now = running.incrementAndGet();
                      most.accumulateAndGet(now, Math::max);
                      work.execute(
                          () -> {
                            ran.incrementAndGet();
                            running.decrementAndGet();
                            admission.release();
                            all.countDown();
                          });
                    });
              }
            });
      }
      assertTrue(all.await(20, TimeUnit.SECONDS), () -> "stuck: " + admission);
    } finally {
      pool.shutdownNow();
      work.shutdownNow();
    }
    assertEquals(threads * perThread, ran.get());
    assertTrue(most.get() <= limit, () -> "at most " + limit + " at once, saw " + most.get());
    assertEquals(0, admission.inFlight());
    assertEquals(0, admission.waiting());
  }
}
