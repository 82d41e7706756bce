package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.concurrent.CompletionException;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.scep.message.FailInfo;
import org.junit.jupiter.api.Test;

/** Failure kinds come from the structured reasons, not from the text beside them. */
class FailureKindTest {

  @Test
  void everyFailInfoHasItsOwnKind() {
    assertEquals(FailureKind.CA_BAD_REQUEST, FailureKind.of(FailInfo.BAD_REQUEST));
    assertEquals(FailureKind.CA_BAD_TIME, FailureKind.of(FailInfo.BAD_TIME));
    assertEquals(FailureKind.CA_FAILURE, FailureKind.of((FailInfo) null));
    assertEquals(
        FailInfo.values().length,
        Arrays.stream(FailInfo.values()).map(FailureKind::of).distinct().count());
    assertEquals("failInfo badrequest", FailureKind.CA_BAD_REQUEST.label());
  }

  @Test
  void anErrorIsKindedByItsCauseNotItsMessage() {
    Throwable egress =
        new CompletionException(
            new EgressException(
                EgressException.Reason.NO_ROUTE, "a message that says timeout and 500"));
    assertEquals(FailureKind.EGRESS, FailureKind.of(egress));
    assertEquals(FailureKind.OTHER, FailureKind.of(new IllegalStateException("no route")));
  }

  @Test
  void labelsAreDistinct() {
    assertEquals(
        FailureKind.values().length,
        Arrays.stream(FailureKind.values()).map(FailureKind::label).distinct().count());
  }
}
