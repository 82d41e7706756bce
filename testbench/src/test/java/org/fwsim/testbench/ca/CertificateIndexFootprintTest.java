package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.KeyType;
import org.junit.jupiter.api.Test;

/**
 * The CA keeps a row for every certificate it ever issued, so a row must stay small: a renewal
 * storm run for many rounds grew the heap by the parsed certificates the index held (about 10 KB
 * per renewal). What an index retains is counted as the JVM's live objects with the index and again
 * once it is let go, back to back, so that other threads' garbage hardly weighs.
 */
class CertificateIndexFootprintTest {

  private static final int ISSUED = 600;

  /** More than the JDK's cache of parsed certificates holds (750, softly). */
  private static final int FLUSH = 800;

  /**
   * A row (serial, validity, transactionID and the DER of about 600 bytes) is under 1 KB; a parsed
   * certificate alone weighs several times that.
   */
  private static final long BYTES_PER_CERTIFICATE = 1_536;

  private static final String PARSED = "sun.security.x509.X509CertImpl";

  private final Instant now = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void anIssuedCertificateIsKeptCompactNotParsed() throws Exception {
    CaMaterial material = CaMaterial.generate(CaMaterial.Spec.rootOnly(), now);
    KeyPair key = KeySource.jca().generate(KeyType.EC_P256);
    PKCS10CertificationRequest csr =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=fgt-footprint"), key.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    // Fills the JDK's soft cache of parsed certificates (750, replaced one for one from then on).
    CertificateIndex other = new CertificateIndex(null);
    issue(other, material, csr, FLUSH, "fill-");
    long[] start = LiveObjects.totalAndInstancesOf(PARSED);
    AtomicReference<CertificateIndex> measured = new AtomicReference<>(new CertificateIndex(null));
    X509Certificate last = issue(measured.get(), material, csr, ISSUED, "measured-");
    // Issues again until the cache holds none of the measured ones.
    issue(other, material, csr, FLUSH, "flush-");
    assertEquals(last, measured.get().find(last.getSerialNumber()).orElseThrow().certificate());
    long counted = measured.get().heapBytes() / ISSUED;
    assertEquals(ISSUED, measured.get().size());

    long[] with = LiveObjects.totalAndInstancesOf(PARSED);
    measured.set(null);
    long[] without = LiveObjects.totalAndInstancesOf(PARSED);

    long parsed = with[1] - start[1];
    assertTrue(
        parsed <= 10, parsed + " more parsed certificates live after issuing " + (ISSUED + FLUSH));
    long perCertificate = (with[0] - without[0]) / ISSUED;
    assertTrue(
        perCertificate < BYTES_PER_CERTIFICATE,
        () -> "the index retains " + perCertificate + " bytes per certificate issued");
    // The index's own count of its rows, the CA's line in a storm round, is near what the JVM saw.
    assertTrue(
        counted > perCertificate * 3 / 4 && counted < perCertificate * 5 / 4,
        () -> "the index counts " + counted + " bytes a row, the JVM " + perCertificate);
    assertEquals(2 * FLUSH, other.size()); // keeps the other index alive through both counts
  }

  private static X509Certificate issue(
      CertificateIndex index,
      CaMaterial material,
      PKCS10CertificationRequest csr,
      int n,
      String tx) {
    CertificateIssuer issuer = new CertificateIssuer(material, index, Duration.ofDays(365));
    X509Certificate last = null;
    for (int i = 0; i < n; i++) {
      last =
          issuer.issue(csr, tx + String.format("%064x", i), Instant.parse("2026-11-23T10:00:00Z"));
    }
    return last;
  }
}
