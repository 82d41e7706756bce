package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletionException;
import org.fwsim.firmware.acme.AcmeError;
import org.fwsim.firmware.acme.AcmeException;
import org.fwsim.firmware.scep.client.FailureKind;
import org.junit.jupiter.api.Test;

/** How an ACME failure is counted by forticron and the storm's failure kinds. */
class AcmeFailureKindTest {

  @Test
  void aServerThatCouldNotReachTheValidationTargetIsAValidationFailure() {
    // As pebble answers when nothing listens on the appliance's HTTP-01 port.
    AcmeException connection =
        AcmeException.problem(
            400,
            AcmeError.CONNECTION.urn(),
            "127.1.0.1: Fetching http://fgt-00000-root.fwsim.test:5002/.well-known/acme-challenge/x:"
                + " Connection refused");
    assertEquals(
        FailureKind.VALIDATION, AcmeEnrollments.failureKind(new CompletionException(connection)));
  }

  @Test
  void aDomainTheServerCannotResolveOrReachOverTlsIsAValidationFailure() {
    assertEquals(
        FailureKind.VALIDATION,
        AcmeEnrollments.failureKind(
            AcmeException.problem(
                400,
                AcmeError.DNS.urn(),
                "DNS problem: NXDOMAIN looking up A for fgt-00000-root.fwsim.test")));
    assertEquals(
        FailureKind.VALIDATION,
        AcmeEnrollments.failureKind(
            new CompletionException(
                AcmeException.problem(
                    400, AcmeError.TLS.urn(), "remote error: tls: handshake failure"))));
  }

  @Test
  void otherProblemsAndTheClientsOwnVerdictsAreBadReplies() {
    assertEquals(
        FailureKind.BAD_REPLY,
        AcmeEnrollments.failureKind(
            AcmeException.problem(403, AcmeError.UNAUTHORIZED.urn(), "key authorization")));
    assertEquals(
        FailureKind.BAD_REPLY,
        AcmeEnrollments.failureKind(AcmeException.protocol("not a JSON object")));
  }
}
