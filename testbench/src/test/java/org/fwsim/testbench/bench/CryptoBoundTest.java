package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.fwsim.testbench.report.model.BoundResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The crypto bound: real work, right results, sane measurements and clear errors. */
class CryptoBoundTest {

  private static final CryptoBound.Settings SHORT =
      new CryptoBound.Settings(2, Duration.ofMillis(100), Duration.ofMillis(400));

  /**
   * A time source that moves 1 ms on every read: the runner reads it twice per renewal, so a window
   * holds the same number of renewals however slowly a loaded machine does them.
   */
  private static LongSupplier ticking() {
    AtomicLong now = new AtomicLong();
    return () -> now.addAndGet(1_000_000L);
  }

  @Test
  void rawOpsCountRenewalsOnEveryThread() {
    CryptoBound bound = CryptoBound.prepare(CryptoBound.ClientKey.RSA_2048);
    BoundResult r = bound.measure(CryptoBound.Method.RAW_OPS, SHORT, ticking());
    assertEquals(2, r.threads());
    // 400 ticks of 1 ms, two reads per renewal, shared by two threads: about 200 renewals, each
    // thread ending within a tick or two of the window's end.
    assertTrue(r.renewals() >= 150 && r.renewals() <= 210, "renewals in the window: " + r);
    assertEquals(0.4, r.seconds(), 0.01, "window");
    assertEquals(r.renewals() / 0.4, r.perSecond(), r.perSecond() * 0.05, "rate");
    assertEquals(0.5, r.efficiency(r.perSecond() / 2), 1e-9);
  }

  @ParameterizedTest
  @CsvSource({
    "RSA_2048, true, KEY_TRANS",
    "RSA_2048, false, KEY_TRANS",
    "EC_P256, true, PASSWORD",
    "EC_P256, false, KEY_AGREE"
  })
  void rawOpsRecoverTheContentKeyOfTheEnvelopeTheCaUses(
      CryptoBound.ClientKey key, boolean challenge, CryptoBound.ReplyEnvelope expected)
      throws Exception {
    CryptoBound bound = CryptoBound.prepare(key, challenge);
    assertEquals(expected, bound.envelope());
    boolean ec = key == CryptoBound.ClientKey.EC_P256;
    assertEquals(ec ? "SHA256withECDSA" : "SHA256withRSA", bound.keys().csrSignature());
    assertEquals(
        ec ? "EC" : "RSA",
        bound.keys().current().getPublic().getAlgorithm(),
        "the current key signs the renewal and receives the reply: the appliance's own kind");
    RawRenewalOps ops = new RawRenewalOps(bound.keys(), bound.envelope(), new SecureRandom());
    ops.renewOnce(); // throws if a decryption, unwrap or agreement yields another key
    ops.renewOnce(); // and the engines are reusable after sign(), doFinal() and init()
  }

  @ParameterizedTest
  @CsvSource({"RSA_2048, true", "EC_P256, true", "EC_P256, false"})
  void fullCodecIssuesACertificateForTheNewKey(CryptoBound.ClientKey key, boolean challenge)
      throws Exception {
    CryptoBound bound = CryptoBound.prepare(key, challenge);
    X509Certificate issued = bound.renewOnceWithCodec();
    assertArrayEquals(
        bound.keys().fresh().getPublic().getEncoded(),
        issued.getPublicKey().getEncoded(),
        key.label());
    assertEquals("CN=FGT-00000.root", issued.getSubjectX500Principal().getName());
  }

  @Test
  void thePasswordEnvelopeCostsItsPbkdf2OnBothSides() throws Exception {
    // 2 x 10,000 PBKDF2 iterations cannot take less than a fraction of a millisecond: a raw EC
    // renewal with a password envelope slower than one with ECDH shows the derivation is done.
    CryptoBound.Settings one =
        new CryptoBound.Settings(1, Duration.ofMillis(200), Duration.ofMillis(600));
    BoundResult password =
        CryptoBound.prepare(CryptoBound.ClientKey.EC_P256, true)
            .measure(CryptoBound.Method.RAW_OPS, one);
    assertTrue(password.perSecond() < 2_000, password.toString());
    assertTrue(
        password.toString().startsWith("raw ec256+password 1 thread: "), password.toString());
  }

  @Test
  void fullCodecIsMeasuredLikeTheRawOps() {
    CryptoBound bound = CryptoBound.prepare(CryptoBound.ClientKey.EC_P256);
    BoundResult r =
        bound.measure(
            CryptoBound.Method.FULL_CODEC,
            new CryptoBound.Settings(1, Duration.ZERO, Duration.ofMillis(20)),
            ticking());
    assertEquals(10, r.renewals(), r.toString());
    assertTrue(r.toString().startsWith("codec ec256+password 1 thread: "), r.toString());
  }

  @Test
  void badSettingsAndKeysAreNamed() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new CryptoBound.Settings(0, Duration.ZERO, Duration.ofSeconds(1)))
            .getMessage()
            .contains("threads"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new CryptoBound.Settings(1, Duration.ZERO, Duration.ZERO))
            .getMessage()
            .contains("duration"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> CryptoBound.ClientKey.parse("dsa1024"))
            .getMessage()
            .contains("'dsa1024'"));
    assertEquals(CryptoBound.ClientKey.EC_P256, CryptoBound.ClientKey.parse("EC256"));
  }

  @Test
  void aFailingRenewalStopsTheMeasurementWithItsCause() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                BoundRunner.run(
                    () ->
                        () -> {
                          throw new java.security.SignatureException("engine broke");
                        },
                    2,
                    Duration.ZERO,
                    Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("engine broke"), e.getMessage());
  }
}
