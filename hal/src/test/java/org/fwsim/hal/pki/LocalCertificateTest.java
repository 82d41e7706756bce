package org.fwsim.hal.pki;

import static org.fwsim.hal.testing.TestCertificates.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestCertificates.Issued;
import org.junit.jupiter.api.Test;

class LocalCertificateTest {

  private final Issued root = TestCertificates.rootCa("Root CA");
  private final Issued device = TestCertificates.leaf("device", root);

  @Test
  void leafAndKeyMustBeAPair() {
    Issued other = TestCertificates.leaf("other", root);
    IllegalArgumentException e =
        refused("scep-cert", List.of(device.certificate()), other.privateKey());
    assertTrue(e.getMessage().contains("'scep-cert'"), e.getMessage());
  }

  @Test
  void rsaLeafWithItsKeyIsAcceptedAndWithAnotherRsaKeyRefused() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024); // small: only the modulus comparison is under test
    KeyPair pair = rsa.generateKeyPair();
    KeyPair otherPair = rsa.generateKeyPair();
    Issued rsaLeaf = TestCertificates.builder("rsa-device").keyPair(pair).issuedBy(root).build();

    LocalCertificate ok = byUser("rsa", List.of(rsaLeaf.certificate()), pair.getPrivate());
    assertSame(pair.getPrivate(), ok.privateKey());
    refused("rsa", List.of(rsaLeaf.certificate()), otherPair.getPrivate());
    refused("mixed", List.of(device.certificate()), pair.getPrivate());
  }

  @Test
  void noCertificateOnlyWhilePendingOrFailed() {
    LocalCertificate pending =
        LocalCertificate.pending("scep-cert", device.privateKey(), "A1B2", NOW);
    assertFalse(pending.hasCertificate());
    assertEquals("A1B2", pending.state().transactionId());
    assertEquals(CertState.FAILED, pending.withState(CertState.FAILED, NOW).state());

    IllegalArgumentException e = refused("scep-cert", List.of(), device.privateKey());
    assertTrue(e.getMessage().contains("PENDING or FAILED"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pending.withState(CertState.OK, NOW));
  }

  @Test
  void chainIsCopiedAndNullsAreNamed() {
    List<java.security.cert.X509Certificate> chain =
        new ArrayList<>(List.of(device.certificate(), root.certificate()));
    LocalCertificate local = byUser("scep-cert", chain, device.privateKey());
    chain.clear();
    assertEquals(2, local.chain().size());
    assertSame(device.certificate(), local.certificate());

    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                byUser(
                    "scep-cert", Arrays.asList(device.certificate(), null), device.privateKey()));
    assertTrue(e.getMessage().contains("position 1"), e.getMessage());
    refused(" ", List.of(device.certificate()), device.privateKey());
  }

  @Test
  void withStateKeepsCertificateAndKey() {
    LocalCertificate local =
        LocalCertificate.of(
            "scep-cert",
            List.of(device.certificate()),
            device.privateKey(),
            CertSource.FACTORY,
            NOW);
    LocalCertificate renewing = local.withState(CertState.pending("C0FFEE"), NOW.plusSeconds(60));
    assertSame(local.certificate(), renewing.certificate());
    assertSame(local.privateKey(), renewing.privateKey());
    assertEquals(CertSource.FACTORY, renewing.source());
    assertTrue(renewing.state().isPending());
    assertEquals(NOW.plusSeconds(60), renewing.lastUpdated());
  }

  @Test
  void toStringNeverShowsTheKey() {
    LocalCertificate local =
        byUser("scep-cert", List.of(device.certificate()), device.privateKey());
    String text = local.toString();
    assertTrue(text.contains("scep-cert") && text.contains("CN=device"), text);
    java.math.BigInteger secret =
        ((java.security.interfaces.ECPrivateKey) device.privateKey()).getS();
    assertFalse(text.contains(secret.toString()) || text.contains(secret.toString(16)), text);
  }

  @Test
  void stateCarriesATransactionIdOnlyWhilePending() {
    assertThrows(IllegalArgumentException.class, () -> CertState.pending(" "));
    assertThrows(IllegalArgumentException.class, () -> new CertState(CertState.Status.OK, "1234"));
    assertEquals(CertState.Status.PENDING, CertState.pending("1234").status());
  }

  /** A certificate the user imported or generated, installed now. */
  private static LocalCertificate byUser(
      String name, List<java.security.cert.X509Certificate> chain, PrivateKey key) {
    return LocalCertificate.of(name, chain, key, CertSource.USER, NOW);
  }

  /** The refusal to install {@code chain} with {@code key} as user certificate {@code name}. */
  private static IllegalArgumentException refused(
      String name, List<java.security.cert.X509Certificate> chain, PrivateKey key) {
    return assertThrows(IllegalArgumentException.class, () -> byUser(name, chain, key));
  }
}
