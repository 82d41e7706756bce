package org.fwsim.testbench.bench;

import static org.fwsim.testbench.bench.BoundOperation.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

  /** What one raw renewal must do, operation by operation, per reply envelope. */
  private static final Map<CryptoBound.ReplyEnvelope, List<BoundOperation>> EXPECTED =
      Map.of(
          CryptoBound.ReplyEnvelope.KEY_TRANS,
          List.of(REPLY_KEY_ENCRYPT, REPLY_KEY_DECRYPT),
          CryptoBound.ReplyEnvelope.PASSWORD,
          List.of(CA_PBKDF2, CA_KEY_WRAP, APPLIANCE_PBKDF2, APPLIANCE_KEY_UNWRAP),
          CryptoBound.ReplyEnvelope.KEY_AGREE,
          List.of(CA_EPHEMERAL_KEY, CA_ECDH, APPLIANCE_ECDH));

  private static final List<BoundOperation> EVERY_RENEWAL =
      List.of(
          CSR_SIGN,
          REQUEST_KEY_ENCRYPT,
          REQUEST_SIGN,
          REQUEST_VERIFY,
          REQUEST_KEY_DECRYPT,
          CSR_VERIFY,
          CERTIFICATE_SIGN,
          CERTREP_SIGN,
          CERTREP_VERIFY,
          CERTIFICATE_VERIFY);

  @ParameterizedTest
  @CsvSource({
    "RSA_2048, true",
    "RSA_4096, true",
    "EC_P256, true",
    "EC_P256, false",
  })
  void everyOperationTheBoundClaimsIsDoneOncePerRenewal(
      CryptoBound.ClientKey key, boolean challenge) throws Exception {
    CryptoBound bound = CryptoBound.prepare(key, challenge);
    Map<BoundOperation, Integer> counts = new EnumMap<>(BoundOperation.class);
    RawRenewalOps ops =
        new RawRenewalOps(
            bound.keys(),
            bound.envelope(),
            new SecureRandom(),
            (op, output) -> counts.merge(op, 1, Integer::sum));
    int renewals = 3;
    for (int i = 0; i < renewals; i++) {
      ops.renewOnce();
    }
    Map<BoundOperation, Integer> expected = new EnumMap<>(BoundOperation.class);
    for (BoundOperation op : EVERY_RENEWAL) {
      expected.put(op, renewals);
    }
    for (BoundOperation op : EXPECTED.get(bound.envelope())) {
      expected.put(op, renewals);
    }
    // The password envelope's PBKDF2 runs on both sides: two derivations per renewal.
    assertEquals(expected, counts, key + " " + bound.envelope());
  }

  @ParameterizedTest
  @CsvSource({"RSA_2048", "RSA_4096", "EC_P256"})
  void theSignaturesTheLoopMakesVerifyWithTheRightKeys(CryptoBound.ClientKey key) throws Exception {
    CryptoBound bound = CryptoBound.prepare(key, true);
    Map<BoundOperation, byte[]> made = new EnumMap<>(BoundOperation.class);
    RawRenewalOps ops =
        new RawRenewalOps(
            bound.keys(), bound.envelope(), new SecureRandom(), (op, out) -> made.put(op, out));
    ops.renewOnce();
    BoundKeys k = bound.keys();
    Map<BoundOperation, PublicKey> signers =
        Map.of(
            CSR_SIGN, k.fresh().getPublic(),
            REQUEST_SIGN, k.current().getPublic(),
            CERTIFICATE_SIGN, k.ca().getPublic(),
            CERTREP_SIGN, k.ca().getPublic());
    for (Map.Entry<BoundOperation, PublicKey> e : signers.entrySet()) {
      boolean appliance = e.getKey().appliance();
      Signature v = appliance ? k.applianceSignature() : Signature.getInstance("SHA256withRSA");
      v.initVerify(e.getValue());
      v.update(ops.signedInput(e.getKey()));
      assertTrue(v.verify(made.get(e.getKey())), e.getKey() + " with " + key);
    }
  }

  @Test
  void theApplianceShareAndCpuMakeTheClientSideOfTheBound() {
    BoundResult r =
        CryptoBound.prepare(CryptoBound.ClientKey.RSA_2048)
            .measure(
                CryptoBound.Method.RAW_OPS,
                new CryptoBound.Settings(1, Duration.ofMillis(100), Duration.ofMillis(400)));
    // The appliance signs twice and decrypts once of the six private-key operations.
    assertTrue(r.applianceShare() > 0.2 && r.applianceShare() < 0.8, r.applianceShare() + "");
    assertTrue(r.cpuSeconds() > 0, r.cpuSeconds() + "");
    double perRenewal = r.applianceCpuPerRenewal();
    assertTrue(perRenewal > 0 && perRenewal < r.cpuSeconds() / r.renewals(), perRenewal + "");
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
