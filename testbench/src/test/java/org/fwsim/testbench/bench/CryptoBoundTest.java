package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The crypto bound: real work, right results, sane measurements and clear errors. */
class CryptoBoundTest {

  private static final CryptoBound.Settings SHORT =
      new CryptoBound.Settings(2, Duration.ofMillis(100), Duration.ofMillis(400));

  @Test
  void rawOpsCountRenewalsOnEveryThread() {
    CryptoBound bound = CryptoBound.prepare(CryptoBound.ClientKey.RSA_2048);
    CryptoBound.Result r = bound.measure(CryptoBound.Method.RAW_OPS, SHORT);
    assertEquals(2, r.threads());
    assertTrue(r.renewals() > 0, "no renewal in 400 ms: " + r);
    assertTrue(r.seconds() > 0.2 && r.seconds() < 5, "window " + r.seconds());
    // Six RSA-2048 private-key operations take milliseconds, so even a fast core cannot exceed a
    // few thousand renewals per second; a higher figure would mean the work was skipped.
    assertTrue(r.perSecond() > 1 && r.perSecond() < 5_000, "rate " + r.perSecond());
    assertEquals(0.5, r.efficiency(r.perSecond() / 2), 1e-9);
  }

  @Test
  void rawOpsDecryptTheContentKeyTheyWereGiven() throws Exception {
    CryptoBound bound = CryptoBound.prepare(CryptoBound.ClientKey.EC_P256);
    assertEquals("SHA256withECDSA", bound.keys().csrSignature());
    RawRenewalOps ops = new RawRenewalOps(bound.keys(), new SecureRandom());
    ops.renewOnce(); // throws if either decryption yields another key
    ops.renewOnce(); // and the engines are reusable after sign() and doFinal()
  }

  @Test
  void fullCodecIssuesACertificateForTheNewKey() throws Exception {
    for (CryptoBound.ClientKey key : CryptoBound.ClientKey.values()) {
      CryptoBound bound = CryptoBound.prepare(key);
      X509Certificate issued = bound.renewOnceWithCodec();
      assertArrayEquals(bound.keys().fresh().getPublic().getEncoded(),
          issued.getPublicKey().getEncoded(), key.label());
      assertEquals("CN=FGT-00000.root", issued.getSubjectX500Principal().getName());
    }
  }

  @Test
  void fullCodecIsMeasuredLikeTheRawOps() {
    CryptoBound bound = CryptoBound.prepare(CryptoBound.ClientKey.EC_P256);
    CryptoBound.Result r = bound.measure(CryptoBound.Method.FULL_CODEC,
        new CryptoBound.Settings(1, Duration.ZERO, Duration.ofMillis(300)));
    assertTrue(r.renewals() > 0, r.toString());
    assertTrue(r.toString().startsWith("codec ec256 1 thread: "), r.toString());
  }

  @Test
  void badSettingsAndKeysAreNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new CryptoBound.Settings(0, Duration.ZERO, Duration.ofSeconds(1)))
        .getMessage().contains("threads"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new CryptoBound.Settings(1, Duration.ZERO, Duration.ZERO))
        .getMessage().contains("duration"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> CryptoBound.ClientKey.parse("dsa1024")).getMessage().contains("'dsa1024'"));
    assertEquals(CryptoBound.ClientKey.EC_P256, CryptoBound.ClientKey.parse("EC256"));
  }

  @Test
  void aFailingRenewalStopsTheMeasurementWithItsCause() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BoundRunner.run(() -> () -> {
          throw new java.security.SignatureException("engine broke");
        }, 2, Duration.ZERO, Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("engine broke"), e.getMessage());
  }
}
