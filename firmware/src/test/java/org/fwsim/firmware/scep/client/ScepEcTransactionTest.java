package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/**
 * EC certificates through the client transaction against a loopback CA (RSA CA, the firmware's CA
 * codec): enrollment with the same trace as RSA, renewal with and without {@code scep-password},
 * and a reply the appliance cannot open, which leaves its certificate as it was.
 */
class ScepEcTransactionTest extends LoopbackScepTest {

  void setUp() throws Exception {
    setUp(ScepPolicy.DEFAULTS);
  }

  ScepEnrollment enrollment(String name, KeyType key, String challenge) {
    return TestScepEnrollment.of(name, ca.url(), challenge, ScepClientFixture.SUBJECT)
        .keyType(key)
        .build();
  }

  @Test
  void anEcEnrollmentHeldPendingOncePrintsTheRsaTraceAndInstallsAnEcCertificate() throws Exception {
    setUp();
    ca.pki = TestScepResponder.pendingThenIssue(0);
    appliance.debug.application(DebugApplication.SCEP, -1);
    appliance.debug.enable();

    ScepOutcome outcome =
        appliance.run(false, enrollment("IPSECVPNTest", KeyType.EC_P256, "secret"));

    assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
    // The same golden trace as an RSA enrollment: only sizes and ids differ, and those are
    // placeholders.
    GoldenTrace.load("enroll-pending-scep.trace").assertExactly(appliance.sink.lines());
    LocalCertificate installed =
        appliance.vdomStore.snapshot().findLocal("IPSECVPNTest").orElseThrow();
    assertEquals(CertState.OK, installed.state());
    assertEquals(KeyType.EC_P256, KeyType.of(installed.certificate().getPublicKey()));
    installed.certificate().verify(caCert.getPublicKey());
    InboundRequest first = ca.pkiRequests().get(0);
    assertTrue(first.signerIsSelfSigned());
    assertEquals("EC", first.header().signer().getPublicKey().getAlgorithm());
    assertEquals("secret", first.challengePassword());
  }

  @Test
  void ecRenewalsWorkWithAndWithoutScepPassword() throws Exception {
    setUp();
    for (String scepPassword : new String[] {"secret", null}) {
      String name = scepPassword == null ? "ec-no-password" : "ec-password";
      LocalCertificate current =
          appliance.installCurrent(name, ca, appliance.vdomStore, KeyType.EC_P384);

      ScepOutcome outcome = appliance.run(true, enrollment(name, KeyType.EC_P384, scepPassword));

      assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
      InboundRequest sent = ca.pkiRequests().get(ca.pkiRequests().size() - 1);
      assertEquals(current.certificate(), sent.header().signer());
      assertEquals(
          scepPassword, sent.challengePassword(), "the CSR carries scep-password when configured");
      LocalCertificate renewed = appliance.vdomStore.snapshot().findLocal(name).orElseThrow();
      assertEquals(KeyType.EC_P384, KeyType.of(renewed.certificate().getPublicKey()));
      assertNotEquals(
          current.certificate().getPublicKey(), renewed.certificate().getPublicKey(), "new key");
      renewed.certificate().verify(caCert.getPublicKey());
    }
  }

  @Test
  void aPasswordReplyTheApplianceCannotOpenFailsTheRenewalAndKeepsTheCertificate()
      throws Exception {
    setUp();
    LocalCertificate current =
        appliance.installCurrent("ec1", ca, appliance.vdomStore, KeyType.EC_P256);
    // A CA that keys its reply with a password the appliance never sent (it has no scep-password).
    ca.pki =
        (req, r) ->
            r.codec.success(
                ForgedRequest.of(req, req.header(), "not-sent"),
                List.of(TestCertificates.issue(req.csr(), r.caCert, r.key(), 99)));

    ScepOutcome outcome = appliance.run(true, enrollment("ec1", KeyType.EC_P256, null));

    assertEquals(ScepOutcome.Status.FAILED, outcome.status());
    assertNull(ca.pkiRequests().get(0).challengePassword());
    assertTrue(
        outcome
            .reason()
            .contains(
                "PasswordRecipientInfo: needs the challengePassword, and our request"
                    + " carried none"),
        outcome.reason());
    LocalCertificate after = appliance.vdomStore.snapshot().findLocal("ec1").orElseThrow();
    assertEquals(CertState.OK, after.state());
    assertSame(current.certificate(), after.certificate());
    assertSame(current.privateKey(), after.privateKey());
  }
}
