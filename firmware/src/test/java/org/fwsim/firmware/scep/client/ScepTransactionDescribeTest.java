package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.scep.transport.ScepHttpRequest;
import org.fwsim.firmware.scep.transport.ScepHttpResponse;
import org.fwsim.firmware.scep.transport.ScepTransport;
import org.fwsim.firmware.scep.transport.ScepTransportException;
import org.fwsim.hal.net.Ip4;
import org.junit.jupiter.api.Test;

/**
 * A running transaction says where it is, for a report of certificates that do not end: waiting for
 * a place of the admission, then the reply it waits for; nothing once it ended.
 */
class ScepTransactionDescribeTest {

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

  /** A CA that never answers by itself: the test fails each request when it wants. */
  private static final class SilentCa implements ScepTransport {
    final List<Runnable> refusals = new ArrayList<>();
    final List<ScepHttpRequest> sent = new ArrayList<>();

    @Override
    public void send(
        ScepHttpRequest request,
        DebugControl debug,
        Executor completions,
        Consumer<ScepHttpResponse> onOk,
        Consumer<ScepTransportException> onError) {
      sent.add(request);
      refusals.add(
          () ->
              completions.execute(
                  () ->
                      onError.accept(
                          ScepTransportException.of(
                              ScepTransportException.Reason.CONNECT_FAILED, "refused", 0))));
    }
  }

  @Test
  void aTransactionSaysItWaitsForAPlaceThenForItsReplyAndNothingOnceEnded() {
    ScepAdmission admission = ScepAdmission.bounded(1);
    assertTrue(admission.enter(() -> {}), "the only place is taken by another transaction");
    SilentCa ca = new SilentCa();
    ScepClientFixture appliance =
        new ScepClientFixture(
            ScepPolicy.DEFAULTS.withAdmission(admission), (vdom, dst, source) -> EGRESS, ca);
    ScepEnrollment enrollment =
        TestScepEnrollment.of("C", "http://10.0.0.2/scep", "s", ScepClientFixture.SUBJECT).build();

    CompletableFuture<ScepOutcome> outcome = appliance.client.submitEnroll(enrollment);
    appliance.pool.runUntilIdle();
    assertEquals(
        Optional.of("waiting for a place (ScepAdmission[limit=1, in flight=1, waiting=1])"),
        appliance.client.describe("C", false));

    admission.release();
    appliance.pool.runUntilIdle();
    assertEquals(
        Optional.of("waiting for the reply to GetCACert (step 1)"),
        appliance.client.describe("C", false));

    ca.refusals.get(0).run();
    appliance.pool.runUntilIdle();
    assertTrue(outcome.isDone());
    assertEquals(Optional.empty(), appliance.client.describe("C", false));
    assertEquals(0, admission.inFlight());
  }
}
