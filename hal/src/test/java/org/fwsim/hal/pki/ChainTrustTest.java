package org.fwsim.hal.pki;

import static org.fwsim.hal.testing.TestCertificates.NOW;
import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestCertificates.Issued;
import org.junit.jupiter.api.Test;

class ChainTrustTest {

  private final CertStore store = new CertStore(InstantSource.fixed(NOW));
  private final Issued root = TestCertificates.rootCa("Root CA");
  private final Issued intermediate = TestCertificates.intermediateCa("Issuing CA", root);
  private final Issued leaf = TestCertificates.leaf("FGVM02TM24000001", intermediate);

  @Test
  void leafAndIntermediateBuildUpToTheRootInTheStore() throws Exception {
    store.putCa(CaCertificate.trusted("Root", root.certificate()));

    PKIXCertPathBuilderResult result =
        store.verifyChain(List.of(leaf.certificate(), intermediate.certificate()), NOW);

    assertSame(root.certificate(), result.getTrustAnchor().getTrustedCert());
    assertEquals(
        List.of(leaf.certificate(), intermediate.certificate()),
        result.getCertPath().getCertificates());
  }

  @Test
  void intermediatesMayComeInAnyOrderAndTheRootMayBeIncluded() throws Exception {
    Issued second = TestCertificates.intermediateCa("Second CA", intermediate);
    Issued deepLeaf = TestCertificates.leaf("deep", second);
    store.putCa(CaCertificate.trusted("Root", root.certificate()));

    PKIXCertPathBuilderResult result =
        store.verifyChain(
            List.of(
                deepLeaf.certificate(),
                root.certificate(),
                intermediate.certificate(),
                second.certificate()),
            NOW);

    assertEquals(3, result.getCertPath().getCertificates().size());
  }

  @Test
  void trustedIntermediateInTheStoreFillsTheGapWhenTheRootIsThere() throws Exception {
    store.putCa(CaCertificate.trusted("Root", root.certificate()));
    store.putCa(CaCertificate.trusted("Issuing", intermediate.certificate()));

    PKIXCertPathBuilderResult result = store.verifyChain(List.of(leaf.certificate()), NOW);

    assertSame(root.certificate(), result.getTrustAnchor().getTrustedCert());
  }

  @Test
  void anIntermediateAloneIsNotEnough() {
    store.putCa(CaCertificate.trusted("Issuing", intermediate.certificate()));

    assertContainsAll(assertRefused(NOW, leaf, intermediate), "no trusted root CA");
  }

  @Test
  void anUntrustedRootAnchorsNothing() {
    store.putCa(new CaCertificate("Root", root.certificate(), CertSource.USER, false));

    assertRefused(NOW, leaf, intermediate);
  }

  @Test
  void aChainFromAnotherRootIsRejected() {
    store.putCa(CaCertificate.trusted("Root", root.certificate()));
    Issued otherRoot = TestCertificates.rootCa("Root CA"); // same name, other key
    Issued stranger = TestCertificates.leaf("stranger", otherRoot);

    assertContainsAll(assertRefused(NOW, stranger), "CN=stranger");
  }

  @Test
  void anExpiredLeafIsRejectedAtTheInjectedTimeAndAcceptedBeforeIt() throws Exception {
    store.putCa(CaCertificate.trusted("Root", root.certificate()));
    Issued expired = TestCertificates.expiredLeaf("expired", intermediate);
    assertContainsAll(assertRefused(NOW, expired, intermediate), "expired on");

    // Valid for the 20 hours before NOW, inside the CAs' validity (from a day before NOW).
    Issued shortLived =
        TestCertificates.builder("short-lived")
            .issuedBy(intermediate)
            .validity(NOW.minus(Duration.ofHours(20)), NOW.minus(Duration.ofHours(1)))
            .build();
    List<X509Certificate> chain = List.of(shortLived.certificate(), intermediate.certificate());
    assertThrows(UntrustedChainException.class, () -> store.verifyChain(chain, NOW));
    assertSame(
        root.certificate(),
        store
            .verifyChain(chain, NOW.minus(Duration.ofHours(10)))
            .getTrustAnchor()
            .getTrustedCert());
  }

  @Test
  void aNotYetValidLeafIsRejected() {
    store.putCa(CaCertificate.trusted("Root", root.certificate()));
    Issued early = TestCertificates.notYetValidLeaf("early", intermediate);

    assertContainsAll(assertRefused(NOW, early, intermediate), "not valid before");
  }

  @Test
  void anExpiredRootAnchorsNothing() {
    Instant later = NOW.plus(Duration.ofDays(400)); // past the root's notAfter
    store.putCa(CaCertificate.trusted("Root", root.certificate()));

    assertContainsAll(assertRefused(later, leaf, intermediate), "valid at");
  }

  @Test
  void onlyTheInjectedTimeCountsNotTheWallClock() throws Exception {
    Instant farFuture = Instant.parse("2041-03-01T00:00:00Z");
    Issued futureRoot =
        TestCertificates.builder("Future Root")
            .ca()
            .validity(farFuture.minus(Duration.ofDays(30)), farFuture.plus(Duration.ofDays(30)))
            .build();
    Issued futureLeaf =
        TestCertificates.builder("future-device")
            .issuedBy(futureRoot)
            .validity(farFuture.minus(Duration.ofDays(1)), farFuture.plus(Duration.ofDays(1)))
            .build();
    store.putCa(CaCertificate.trusted("Future", futureRoot.certificate()));

    assertSame(
        futureRoot.certificate(),
        store
            .verifyChain(List.of(futureLeaf.certificate()), farFuture)
            .getTrustAnchor()
            .getTrustedCert());
    assertRefused(NOW, futureLeaf);
  }

  @Test
  void anIntermediateWithoutCertSignKeyUsageBreaksTheChain() {
    Issued badIntermediate = TestCertificates.intermediateWithoutCertSign("Bad CA", root);
    Issued leafOfBad = TestCertificates.leaf("victim", badIntermediate);
    store.putCa(CaCertificate.trusted("Root", root.certificate()));

    assertRefused(NOW, leafOfBad, badIntermediate);
  }

  @Test
  void trustAnchorsAreTheTrustedRootsOnly() {
    Issued untrustedRoot = TestCertificates.rootCa("Untrusted Root");
    store.putCa(CaCertificate.trusted("Root", root.certificate()));
    store.putCa(CaCertificate.trusted("Issuing", intermediate.certificate()));
    store.putCa(
        new CaCertificate("Untrusted", untrustedRoot.certificate(), CertSource.USER, false));

    Set<TrustAnchor> anchors = store.snapshot().trustAnchors();

    assertEquals(1, anchors.size());
    assertSame(root.certificate(), anchors.iterator().next().getTrustedCert());
  }

  @Test
  void anEmptyChainIsABadArgument() {
    assertThrows(IllegalArgumentException.class, () -> store.verifyChain(List.of(), NOW));
  }

  /** Asserts that the store refuses the chain (leaf first) at {@code at}; returns the reason. */
  private String assertRefused(Instant at, Issued... chain) {
    List<X509Certificate> certs = Arrays.stream(chain).map(Issued::certificate).toList();
    return assertThrows(UntrustedChainException.class, () -> store.verifyChain(certs, at))
        .getMessage();
  }
}
