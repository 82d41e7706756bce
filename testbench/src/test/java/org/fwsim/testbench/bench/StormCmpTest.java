package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.junit.jupiter.api.Test;

/**
 * {@code fwsim storm --protocol cmpv2} in-process against the embedded CA's {@code /pkix/}: every
 * certificate enrolled with an IR ({@code generate cmp}) and renewed by forticron with a KUR, each
 * renewal a new certificate the storm verified, and the CMP crypto bound measured.
 */
class StormCmpTest {

  @Test
  void everyCertificateIsEnrolledAndRenewedOverCmp() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StormSettings settings =
        QuickStorms.settings(
            3,
            2,
            null,
            "test-challenge",
            FaultPlan.NONE,
            0,
            ScepFlow.FORTIOS,
            EnrollProtocol.CMPV2);
    StormRun.Outcome o =
        StormRun.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8), 1, 0);
    String printed = log.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("Embedded CA: http://10.5.149.111/pkix/"), printed);
    assertEquals(6, o.certificates());
    assertEquals(6, o.results().enroll().ok(), () -> o.problems() + "\n" + printed);
    assertEquals(6, o.renewed(), () -> o.problems() + "\n" + printed);
    assertEquals(6, o.valid(), () -> o.problems() + "\n" + printed);
    assertEquals(0, o.results().storm().failed(), printed);
    assertEquals("cmpv2", o.results().cryptoBound().method(), printed);
  }

  @Test
  void anEcKeyOrAnExternalCaWithoutSecretIsRefusedBeforeAnythingStarts() {
    IllegalArgumentException ec =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                QuickStorms.settings(
                    1,
                    1,
                    null,
                    "c",
                    FaultPlan.NONE,
                    0,
                    ScepFlow.FORTIOS,
                    EnrollProtocol.CMPV2,
                    "ec256"));
    assertTrue(ec.getMessage().contains("RSA --key"), ec.getMessage());
    IllegalArgumentException secret =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                QuickStorms.settings(
                    1,
                    1,
                    "http://127.0.0.1:8080/pkix/",
                    null,
                    FaultPlan.NONE,
                    0,
                    ScepFlow.FORTIOS,
                    EnrollProtocol.CMPV2));
    assertTrue(secret.getMessage().contains("--challenge"), secret.getMessage());
  }
}
