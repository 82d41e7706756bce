package org.fwsim.hal.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.fwsim.hal.clock.Activity;
import org.junit.jupiter.api.Test;

/** Mailboxes in a pool without threads, driven by the test thread. */
class MailboxTest {

  private final Activity activity = new Activity();
  private final List<String> errors = new ArrayList<>();
  private final WorkerPool pool =
      new WorkerPool(
          "test",
          0,
          4,
          16,
          activity,
          (mailbox, error) -> errors.add(mailbox.owner() + ": " + error.getMessage()));

  @Test
  void runsMessagesInOrderAndHoldsOneActivityTokenWhileBusy() {
    Mailbox fgt = pool.newMailbox("FGT60F0000000001");
    List<Integer> seen = new ArrayList<>();
    assertTrue(fgt.isIdle());
    for (int i = 0; i < 10; i++) {
      int n = i;
      fgt.execute(() -> seen.add(n));
    }
    assertFalse(fgt.isIdle());
    assertEquals(10, fgt.size());
    assertEquals(1, activity.pending(), "one token per busy mailbox, not per message");

    assertEquals(10, pool.runUntilIdle());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
    assertTrue(fgt.isIdle());
    assertTrue(activity.isQuiet());
    assertEquals(10, pool.messagesRun());
  }

  @Test
  void aFullMailboxRefusesNewWorkButTakesCompletionsInOrder() {
    Mailbox fgt = pool.newMailbox("FGT60F0000000001");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      fgt.execute(() -> seen.add("work"));
    }
    RejectedExecutionException full =
        assertThrows(RejectedExecutionException.class, () -> fgt.execute(() -> seen.add("more")));
    assertTrue(full.getMessage().contains("is full (16 messages waiting)"), full.getMessage());

    fgt.complete(() -> seen.add("reply"));
    fgt.completions().execute(() -> seen.add("timer"));
    assertEquals(18, fgt.size());

    assertEquals(18, pool.runUntilIdle());
    assertEquals(List.of("reply", "timer"), seen.subList(16, 18));
    fgt.execute(() -> seen.add("room again"));
    pool.close();
    assertThrows(RejectedExecutionException.class, () -> fgt.complete(() -> {}));
  }

  @Test
  void messagesPostedWhileRunningAreRunToo() {
    Mailbox a = pool.newMailbox("a");
    Mailbox b = pool.newMailbox("b");
    List<String> seen = new ArrayList<>();
    a.execute(
        () -> {
          seen.add("a1");
          b.execute(
              () -> {
                seen.add("b1");
                a.execute(() -> seen.add("a2"));
              });
        });
    assertEquals(3, pool.runUntilIdle());
    assertEquals(List.of("a1", "b1", "a2"), seen);
    assertTrue(activity.isQuiet());
  }

  @Test
  void aFloodingMailboxDoesNotStarveTheOthers() {
    WorkerPool fair = new WorkerPool("fair", 0, 4, 1 << 12, activity, (m, e) -> {});
    Mailbox flood = fair.newMailbox("flood");
    Mailbox quiet = fair.newMailbox("quiet");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      flood.execute(() -> seen.add("flood"));
    }
    quiet.execute(() -> seen.add("quiet"));
    fair.runUntilIdle();
    assertEquals(1_001, seen.size());
    assertEquals(4, seen.indexOf("quiet"), "the other mailbox waited more than one batch of 4");
  }

  @Test
  void aThrowingMessageIsReportedAndTheNextOneRuns() {
    Mailbox fgt = pool.newMailbox("FGT-ERR");
    List<String> seen = new ArrayList<>();
    fgt.execute(
        () -> {
          throw new IllegalArgumentException("bad config line");
        });
    fgt.execute(() -> seen.add("next"));
    assertEquals(2, pool.runUntilIdle());
    assertEquals(List.of("next"), seen);
    assertEquals(List.of("FGT-ERR: bad config line"), errors);
    assertEquals(1, pool.errors());
    assertTrue(activity.isQuiet());
  }

  @Test
  void aFullMailboxRejectsWithAClearMessage() {
    Mailbox fgt = pool.newMailbox("FGT-FULL");
    int accepted = 0;
    RejectedExecutionException rejected = null;
    for (int i = 0; i < 100 && rejected == null; i++) {
      try {
        fgt.execute(() -> {});
        accepted++;
      } catch (RejectedExecutionException e) {
        rejected = e;
      }
    }
    assertEquals(16, accepted);
    assertTrue(
        rejected.getMessage().contains("FGT-FULL") && rejected.getMessage().contains("full"),
        rejected.getMessage());
    assertEquals(16, pool.runUntilIdle());
    fgt.execute(() -> {}); // room again once drained
  }

  @Test
  void aClosedPoolRejectsAndBadArgumentsAreNamed() {
    Mailbox fgt = pool.newMailbox("FGT-CLOSED");
    pool.close();
    RejectedExecutionException e =
        assertThrows(RejectedExecutionException.class, () -> fgt.execute(() -> {}));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    NullPointerException npe = assertThrows(NullPointerException.class, () -> fgt.execute(null));
    assertTrue(npe.getMessage().contains("FGT-CLOSED"));
    assertThrows(IllegalStateException.class, pool::start);
    assertThrows(IllegalArgumentException.class, () -> new WorkerPool("x", -1, activity));
    assertThrows(
        IllegalArgumentException.class,
        () -> new WorkerPool("x", 1, 0, 64, activity, (m, t) -> {}));
  }

  @Test
  void aMailboxIsAnExecutor() {
    Mailbox fgt = pool.newMailbox("FGT-EXEC");
    java.util.concurrent.CompletableFuture<String> reply =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> "CertRep", fgt);
    assertFalse(reply.isDone());
    pool.runUntilIdle();
    assertSame("CertRep", reply.getNow(null));
  }
}
