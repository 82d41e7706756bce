package org.fwsim.hal.ipc;

import static org.fwsim.hal.testing.FastForwardAssertions.assertJumpsOnlyOnceQuiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.fwsim.hal.clock.Activity;
import org.fwsim.hal.clock.Scheduler;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.testing.TestThread;
import org.junit.jupiter.api.Test;

/** The pool with real worker threads; every wait is a bounded latch or a bounded poll. */
class WorkerPoolThreadsTest {

  private static final int PRODUCERS = 8;
  private static final int MAILBOXES = 1_000;
  private static final int PER_PRODUCER_PER_MAILBOX = 20;

  /** What one appliance's state looks like to the test: touched only by its mailbox's messages. */
  private static final class Appliance {
    final Mailbox mailbox;
    final AtomicBoolean inUse = new AtomicBoolean();
    final int[] lastSeq = new int[PRODUCERS]; // plain ints: relies on the mailbox's happens-before

    Appliance(Mailbox mailbox) {
      this.mailbox = mailbox;
      java.util.Arrays.fill(lastSeq, -1);
    }
  }

  @Test
  void manyProducersManyMailboxesKeepOrderAndOneThreadAtATime() throws Exception {
    Activity activity = new Activity();
    AtomicInteger handlerErrors = new AtomicInteger();
    WorkerPool pool =
        new WorkerPool(
            "test-mbx",
            4,
            WorkerPool.DEFAULT_BATCH,
            WorkerPool.DEFAULT_MAILBOX_CAPACITY,
            activity,
            (m, e) -> handlerErrors.incrementAndGet());
    Appliance[] fleet = new Appliance[MAILBOXES];
    for (int i = 0; i < MAILBOXES; i++) {
      fleet[i] = new Appliance(pool.newMailbox("FGT" + i));
    }
    int total = PRODUCERS * MAILBOXES * PER_PRODUCER_PER_MAILBOX;
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger outOfOrder = new AtomicInteger();
    pool.start();

    CountDownLatch go = new CountDownLatch(1);
    TestThread[] producers = new TestThread[PRODUCERS];
    for (int p = 0; p < PRODUCERS; p++) {
      int producer = p;
      producers[p] =
          TestThread.start(
              "test-producer-" + p,
              () -> {
                go.await();
                for (int seq = 0; seq < PER_PRODUCER_PER_MAILBOX; seq++) {
                  for (int m = 0; m < MAILBOXES; m++) {
                    // each producer walks the fleet from its own offset, to mix the interleavings
                    Appliance a = fleet[(m + producer * 125) % MAILBOXES];
                    int s = seq;
                    a.mailbox.execute(
                        () -> {
                          if (!a.inUse.compareAndSet(false, true)) {
                            overlaps.incrementAndGet();
                          }
                          if (a.lastSeq[producer] != s - 1) {
                            outOfOrder.incrementAndGet();
                          }
                          a.lastSeq[producer] = s;
                          a.inUse.set(false);
                          done.countDown();
                        });
                  }
                }
              });
    }
    go.countDown();
    for (TestThread t : producers) {
      t.join(Duration.ofSeconds(60));
    }
    assertTrue(
        done.await(30, TimeUnit.SECONDS),
        "messages left: "
            + done.getCount()
            + ", overlaps: "
            + overlaps.get()
            + ", out of order: "
            + outOfOrder.get());
    assertEquals(0, overlaps.get(), "a mailbox ran on two threads at once");
    assertEquals(0, outOfOrder.get(), "a producer's messages ran out of order");
    for (Appliance a : fleet) {
      for (int p = 0; p < PRODUCERS; p++) {
        assertEquals(PER_PRODUCER_PER_MAILBOX - 1, a.lastSeq[p]);
      }
    }
    assertTrue(awaitQuiet(activity), "activity tokens leaked: " + activity.pending());
    assertEquals(total, pool.messagesRun());
    assertEquals(0, handlerErrors.get());

    pool.close();
    assertEquals(List.of(), liveThreads("test-mbx-"), "worker threads survived close()");
  }

  @Test
  void idleWorkersParkInsteadOfSpinning() throws Exception {
    Activity activity = new Activity();
    try (WorkerPool pool = new WorkerPool("test-park", 2, activity)) {
      pool.start();
      CountDownLatch ran = new CountDownLatch(1);
      pool.newMailbox("FGT-P").execute(ran::countDown);
      assertTrue(ran.await(5, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!allParked("test-park-") && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertTrue(
          allParked("test-park-"),
          "idle workers are not parked: "
              + Thread.getAllStackTraces().keySet().stream()
                  .filter(t -> t.getName().startsWith("test-park-"))
                  .map(t -> t.getName() + "=" + t.getState())
                  .collect(Collectors.toList()));
      // and a parked pool still wakes for new work
      CountDownLatch again = new CountDownLatch(1);
      pool.newMailbox("FGT-Q").execute(again::countDown);
      assertTrue(again.await(5, TimeUnit.SECONDS), "parked workers were not woken");
    }
    assertEquals(List.of(), liveThreads("test-park-"));
  }

  @Test
  void aThrowingMessageDoesNotKillAWorker() throws Exception {
    Activity activity = new Activity();
    AtomicInteger reported = new AtomicInteger();
    try (WorkerPool pool =
        new WorkerPool("test-err", 1, 64, 1024, activity, (m, e) -> reported.incrementAndGet())) {
      pool.start();
      Mailbox fgt = pool.newMailbox("FGT-E");
      CountDownLatch after = new CountDownLatch(1);
      for (int i = 0; i < 10; i++) {
        fgt.execute(
            () -> {
              throw new IllegalStateException("boom");
            });
      }
      fgt.execute(after::countDown);
      assertTrue(after.await(5, TimeUnit.SECONDS), "the worker died with the exception");
      assertEquals(10, reported.get());
      assertEquals(10, pool.errors());
    }
  }

  @Test
  void fastForwardWaitsForAMessageInFlight() throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    SimClock clock = SimClock.fastForward(start);
    Activity activity = new Activity();
    try (WorkerPool pool = new WorkerPool("test-ff", 2, activity);
        Scheduler scheduler = new Scheduler(clock, activity)) {
      pool.start();
      Mailbox fgt = pool.newMailbox("FGT-FF");
      CountDownLatch inMessage = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      fgt.execute(
          () -> {
            inMessage.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertTrue(inMessage.await(5, TimeUnit.SECONDS));

      CountDownLatch renewed = new CountDownLatch(1);
      long deadline = start.plus(Duration.ofDays(300)).toEpochMilli();
      scheduler.schedule(deadline, () -> fgt.execute(renewed::countDown)); // tasks only post
      scheduler.start("test-ff-scheduler");

      assertJumpsOnlyOnceQuiet(clock, start.toEpochMilli(), deadline, renewed, release::countDown);
    }
    assertEquals(List.of(), liveThreads("test-ff"));
  }

  private static boolean awaitQuiet(Activity activity) throws InterruptedException {
    return activity.awaitQuiet(10, TimeUnit.SECONDS);
  }

  private static boolean allParked(String prefix) {
    List<Thread> workers = liveThreads(prefix);
    return !workers.isEmpty()
        && workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
  }

  private static List<Thread> liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .collect(Collectors.toList());
  }
}
