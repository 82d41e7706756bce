package org.fwsim.hal.pki;

import static org.fwsim.hal.testing.TestCertificates.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestCertificates.Issued;
import org.junit.jupiter.api.Test;

class CertStoreTest {

  private final AtomicReference<Instant> time = new AtomicReference<>(NOW);
  private final InstantSource clock = time::get;
  private final CertStore store = new CertStore(clock);
  private final Issued root = TestCertificates.rootCa("Root CA");
  private final Issued device = TestCertificates.leaf("FGVM02TM24000001", root);

  @Test
  void emptyStoresShareOneSnapshot() {
    CertStore other = new CertStore(clock);
    assertSame(store.snapshot(), other.snapshot());
    assertTrue(store.snapshot().isEmpty());

    store.putCa(CaCertificate.trusted("Root", root.certificate()));
    assertTrue(store.removeCa("Root"));
    assertSame(
        other.snapshot(), store.snapshot(), "emptied store returns to the shared empty snapshot");
  }

  @Test
  void snapshotTakenEarlierNeverChanges() {
    CertStore.Snapshot before = store.snapshot();
    store.putLocal(local("scep-cert", device));
    CertStore.Snapshot after = store.snapshot();

    assertTrue(before.localCertificates().isEmpty());
    assertEquals(1, after.localCertificates().size());
    store.removeLocal("scep-cert");
    assertTrue(after.findLocal("scep-cert").isPresent(), "a taken snapshot keeps what it had");
  }

  @Test
  void snapshotMapsAreUnmodifiable() {
    store.putLocal(local("a", device));
    store.putLocal(local("b", device));
    store.putCa(CaCertificate.trusted("Root", root.certificate()));
    store.putCrl(new CrlEntry("Root-CRL", TestCertificates.crl(root)));
    CertStore.Snapshot snapshot = store.snapshot();

    assertThrows(
        UnsupportedOperationException.class, () -> snapshot.localCertificates().remove("a"));
    assertThrows(UnsupportedOperationException.class, () -> snapshot.caCertificates().clear());
    assertThrows(UnsupportedOperationException.class, () -> snapshot.crls().put("x", null));
    assertThrows(
        UnsupportedOperationException.class, () -> snapshot.findLocal("a").get().chain().clear());
  }

  @Test
  void entriesKeepTheOrderTheyWereAddedIn() {
    for (String name : List.of("Fortinet_Factory", "zeta", "alpha", "mid")) {
      store.putLocal(local(name, device));
    }
    store.putLocal(local("zeta", device));
    assertEquals(
        List.of("Fortinet_Factory", "zeta", "alpha", "mid"),
        List.copyOf(store.snapshot().localCertificates().keySet()));
    store.removeLocal("zeta");
    assertEquals(
        List.of("Fortinet_Factory", "alpha", "mid"),
        List.copyOf(store.snapshot().localCertificates().keySet()));
  }

  @Test
  void removeReportsWhetherThereWasAnEntry() {
    store.putLocal(local("scep-cert", device));
    CertStore.Snapshot before = store.snapshot();
    assertFalse(store.removeLocal("other"));
    assertSame(before, store.snapshot(), "removing nothing publishes nothing");
    assertTrue(store.removeLocal("scep-cert"));
    assertFalse(store.removeLocal("scep-cert"));
    assertFalse(store.removeCa("nothing"));
    assertFalse(store.removeCrl("nothing"));
  }

  @Test
  void caAndCrlEntriesArePutAndRemovedByName() {
    Issued other = TestCertificates.rootCa("Other CA");
    store.putCa(CaCertificate.trusted("CA_1", root.certificate()));
    store.putCa(new CaCertificate("CA_1", other.certificate(), CertSource.BUNDLE, false));
    store.putCrl(new CrlEntry("CRL_1", TestCertificates.crl(root)));

    CaCertificate ca = store.snapshot().findCa("CA_1").orElseThrow();
    assertSame(other.certificate(), ca.certificate(), "put replaces under the same name");
    assertEquals(CertSource.BUNDLE, ca.source());
    assertFalse(ca.trusted());
    assertEquals(
        root.certificate().getSubjectX500Principal(),
        store.snapshot().findCrl("CRL_1").orElseThrow().crl().getIssuerX500Principal());
    assertTrue(store.removeCrl("CRL_1"));
    assertTrue(store.snapshot().crls().isEmpty());
  }

  @Test
  void replaceLocalSwapsCertificateAndKeyAndStampsTheClock() {
    LocalCertificate pending =
        LocalCertificate.pending("scep-cert", device.privateKey(), "7F3A", NOW);
    store.putLocal(pending);
    assertNull(store.snapshot().findLocal("scep-cert").orElseThrow().certificate());

    time.set(NOW.plus(Duration.ofMinutes(5)));
    store.replaceLocal(
        "scep-cert", List.of(device.certificate(), root.certificate()), device.privateKey());
    Issued renewed = TestCertificates.leaf("FGVM02TM24000001", root);
    time.set(NOW.plus(Duration.ofDays(300)));
    LocalCertificate result =
        store.replaceLocal("scep-cert", List.of(renewed.certificate()), renewed.privateKey());

    LocalCertificate seen = store.snapshot().findLocal("scep-cert").orElseThrow();
    assertSame(result, seen);
    assertSame(renewed.certificate(), seen.certificate());
    assertSame(renewed.privateKey(), seen.privateKey());
    assertEquals(CertState.OK, seen.state());
    assertEquals(CertSource.USER, seen.source());
    assertEquals(NOW.plus(Duration.ofDays(300)), seen.lastUpdated());
  }

  @Test
  void replaceLocalRefusesAMismatchedKeyAndLeavesTheStoreAlone() {
    store.putLocal(local("scep-cert", device));
    CertStore.Snapshot before = store.snapshot();
    Issued other = TestCertificates.leaf("other", root);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                store.replaceLocal("scep-cert", List.of(device.certificate()), other.privateKey()));
    assertTrue(
        e.getMessage().contains("scep-cert") && e.getMessage().contains("does not belong"),
        e.getMessage());
    assertSame(before, store.snapshot());
  }

  @Test
  void replaceLocalNeedsAnExistingEntryAndALeaf() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.replaceLocal("nope", List.of(device.certificate()), device.privateKey()));
    assertTrue(
        missing.getMessage().contains("no local certificate named 'nope'"), missing.getMessage());

    store.putLocal(local("scep-cert", device));
    assertThrows(
        IllegalArgumentException.class,
        () -> store.replaceLocal("scep-cert", List.of(), device.privateKey()));
  }

  private static LocalCertificate local(String name, Issued issued) {
    return LocalCertificate.of(
        name, List.of(issued.certificate()), issued.privateKey(), CertSource.USER, NOW);
  }
}
