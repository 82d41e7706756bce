package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.ListSink;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.transport.ScepTransport;
import org.fwsim.firmware.scep.transport.ScepTransportException;
import org.fwsim.hal.clock.Activity;
import org.fwsim.hal.clock.Scheduler;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.ipc.Mailbox;
import org.fwsim.hal.ipc.WorkerPool;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/**
 * Transactions of several appliances, each on its own mailbox run by real worker threads, share one
 * bounded {@link ScepAdmission} as a storm's fleet does: a place handed over on one appliance's
 * thread while another appliance's transaction is still starting must start that transaction, once.
 * Before the transaction learned its admission from {@link ScepAdmission#enter}'s answer, about
 * every second run of 80,000 transactions here left a few holding a place and never started (the
 * 100,000-certificate enrollment's "13 in flight for ever"). Every wait is a bounded latch. A
 * transaction that waits says so ({@link ScepClient#describe}).
 */
class ScepAdmissionTransactionsTest {

  private static final int APPLIANCES = 8;

  /** One place fewer than appliances: places are handed over while starts are under way. */
  private static final int PLACES = APPLIANCES - 1;

  private static final int TRANSACTIONS_EACH = 25_000;

  private static final Egress EGRESS =
      new Egress(
          "port1",
          1,
          Ip4.parse("10.0.0.1"),
          Ip4.ANY,
          Ip4.ANY,
          Ip4.parse("10.0.0.2"),
          InterfaceSelectMethod.AUTO,
          "test");

  /** The CA is unreachable: each transaction ends at its first step, on its mailbox. */
  private static final ScepTransport REFUSED =
      (request, debug, completions, onOk, onError) -> completions.execute(refusal(onError));

  private static Runnable refusal(Consumer<ScepTransportException> onError) {
    return () ->
        onError.accept(
            ScepTransportException.of(ScepTransportException.Reason.CONNECT_FAILED, "refused", 0));
  }

  private static ScepEnrollment enrollment() {
    return TestScepEnrollment.of("C", "http://10.0.0.2/scep", "s", ScepClientFixture.SUBJECT)
        .build();
  }

  /**
   * A running transaction says where it is, for a report of certificates that do not end: waiting
   * for a place of the admission, then the reply it waits for; nothing once it ended.
   */
  @Test
  void aTransactionSaysItWaitsForAPlaceThenForItsReplyAndNothingOnceEnded() {
    ScepAdmission admission = ScepAdmission.bounded(1);
    assertTrue(admission.enter(() -> {}), "the only place is taken by another transaction");
    List<Runnable> refusals = new ArrayList<>();
    ScepTransport silent =
        (request, debug, completions, onOk, onError) ->
            refusals.add(() -> completions.execute(refusal(onError)));
    ScepClientFixture appliance =
        new ScepClientFixture(
            ScepPolicy.DEFAULTS.withAdmission(admission), (vdom, dst, source) -> EGRESS, silent);

    CompletableFuture<ScepOutcome> outcome = appliance.client.submitEnroll(enrollment());
    appliance.pool.runUntilIdle();
    assertEquals(
        Optional.of("waiting for a place (ScepAdmission[limit=1, in flight=1, waiting=1])"),
        appliance.client.describe("C", false));

    admission.release();
    appliance.pool.runUntilIdle();
    assertEquals(
        Optional.of("waiting for the reply to GetCACert (step 1)"),
        appliance.client.describe("C", false));

    refusals.get(0).run();
    appliance.pool.runUntilIdle();
    assertTrue(outcome.isDone());
    assertEquals(Optional.empty(), appliance.client.describe("C", false));
    assertEquals(0, admission.inFlight());
  }

  @Test
  void everyTransactionStartsOnceAndEveryPlaceComesBack() throws Exception {
    SimClock clock = SimClock.fastForward(TestCertificates.NOW);
    Activity activity = new Activity();
    ScepAdmission admission = ScepAdmission.bounded(PLACES);
    ScepPolicy policy = ScepPolicy.DEFAULTS.withAdmission(admission);
    ScepEnrollment enrollment = enrollment();
    AtomicIntegerArray ended = new AtomicIntegerArray(APPLIANCES);
    ConcurrentHashMap<String, Integer> reasons = new ConcurrentHashMap<>();
    CountDownLatch allEnded = new CountDownLatch(APPLIANCES);
    try (Scheduler scheduler = new Scheduler(clock, activity);
        WorkerPool pool = new WorkerPool("admission-test", 2, activity)) {
      for (int a = 0; a < APPLIANCES; a++) {
        Mailbox mailbox = pool.newMailbox("FGT" + a);
        ScepClient client =
            new ScepClient(
                new ScepContext(
                    mailbox,
                    clock,
                    scheduler,
                    new DebugControl(clock, new ListSink()),
                    new EventLog(),
                    "root",
                    0,
                    new CertStore(clock),
                    new CertStore(clock),
                    ScepClientFixture.KEYS,
                    new PkiRequests(clock, new SecureRandom()),
                    (vdom, dst, source) -> EGRESS,
                    REFUSED,
                    policy));
        int appliance = a;
        // Each appliance enrolls again as soon as its last try ended, on its mailbox.
        Runnable[] next = new Runnable[1];
        next[0] =
            () ->
                client
                    .enroll(enrollment)
                    .thenAccept(
                        outcome -> {
                          reasons.merge(outcome.reason(), 1, Integer::sum);
                          if (ended.incrementAndGet(appliance) < TRANSACTIONS_EACH) {
                            mailbox.execute(next[0]);
                          } else {
                            allEnded.countDown();
                          }
                        });
        mailbox.execute(next[0]);
      }
      pool.start();
      assertTrue(
          allEnded.await(60, TimeUnit.SECONDS),
          () -> "transactions left in flight: " + admission + ", ended per appliance " + ended);
    }
    assertEquals(0, admission.inFlight(), admission::toString);
    assertEquals(0, admission.waiting(), admission::toString);
    assertEquals(1, reasons.size(), () -> "every try failed at the refused connect: " + reasons);
  }
}
