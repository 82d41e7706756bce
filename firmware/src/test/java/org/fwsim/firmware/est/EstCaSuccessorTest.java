package org.fwsim.firmware.est;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestCertificates.Issued;
import org.junit.jupiter.api.Test;

/** Which certificate of a {@code /cacerts} answer may replace a held CA certificate. */
class EstCaSuccessorTest {

  private static final String DN = "O=fwsim test,CN=EST root";
  private final Issued held = TestCertificates.builder().subject(DN).ca().build();

  @Test
  void aRootReissuedWithItsKeyForLongerSucceedsIt() throws Exception {
    X509Certificate next = root(held.keyPair(), held, 800, 2);
    assertEquals(
        next,
        EstCaSuccessor.of(held.certificate(), List.of(next), List.of(), TestCertificates.NOW));
  }

  @Test
  void aNewKeyNeedsTheNewWithOldLinkSignedByTheHeldKey() throws Exception {
    KeyPair fresh = TestCertificates.rsaKeyPair();
    Issued freshSelf = new Issued(root(fresh, null, 800, 3), fresh);
    EstException alone =
        assertThrows(
            EstException.class,
            () ->
                EstCaSuccessor.of(
                    held.certificate(),
                    List.of(freshSelf.certificate()),
                    List.of(held.certificate()),
                    TestCertificates.NOW));
    assertTrue(alone.getMessage().contains("not vouched for"), alone.getMessage());

    X509Certificate newWithOld =
        TestCertificates.builder()
            .subject(DN)
            .publicKey(fresh.getPublic())
            .issuedBy(held)
            .ca()
            .serial(4)
            .build()
            .certificate();
    assertEquals(
        freshSelf.certificate(),
        EstCaSuccessor.of(
            held.certificate(),
            List.of(newWithOld, freshSelf.certificate()),
            List.of(),
            TestCertificates.NOW));
  }

  @Test
  void noCaOfTheHeldSubjectOrOneNotYetValidIsRefused() {
    Issued other = TestCertificates.rootCa("someone else");
    assertThrows(
        EstException.class,
        () ->
            EstCaSuccessor.of(
                held.certificate(), List.of(other.certificate()), List.of(), TestCertificates.NOW));
    X509Certificate later =
        TestCertificates.builder()
            .subject(DN)
            .keyPair(held.keyPair())
            .ca()
            .notYetValid()
            .serial(5)
            .build()
            .certificate();
    assertThrows(
        EstException.class,
        () ->
            EstCaSuccessor.of(held.certificate(), List.of(later), List.of(), TestCertificates.NOW));
  }

  /** A self-issued CA for {@code key}, signed by {@code signer} (itself when null). */
  private static X509Certificate root(KeyPair key, Issued signer, int days, long serial) {
    var b =
        TestCertificates.builder()
            .subject(DN)
            .keyPair(key)
            .ca()
            .validity(
                TestCertificates.NOW.minus(Duration.ofDays(1)),
                TestCertificates.NOW.plus(Duration.ofDays(days)))
            .serial(serial);
    return (signer == null ? b : b.issuedBy(signer)).build().certificate();
  }
}
