package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Bytes as a PKIOperation message through the CA's answer path, without sockets: whatever comes in,
 * the answer is a clean 4xx or a FAILURE CertRep, and no exception escapes. Without {@code
 * JAZZER_FUZZ=1} it replays the seeds under {@code CaPkiOperationFuzzTestInputs/}.
 */
class CaPkiOperationFuzzTest {

  private static final ScepCa CA =
      ScepCa.builder()
          .clock(InstantSource.fixed(Instant.parse("2026-11-23T10:00:00Z")))
          .meterRegistry(new SimpleMeterRegistry())
          .challenge("s3cret")
          .workers(1)
          .build();

  @FuzzTest
  void pkiOperation(byte[] message) {
    PkiAnswer a = CA.pkiOperations().answer(message, CaFaults.NONE);
    assertNotNull(a.body());
    if (a.httpStatus() == 200) {
      assertEquals(PkiAnswer.PKI_MESSAGE, a.contentType());
      assertTrue(a.result().startsWith("FAILURE"), a::result);
    } else {
      assertTrue(a.httpStatus() >= 400 && a.httpStatus() < 500, a::result);
    }
  }
}
