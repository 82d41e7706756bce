package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
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
 * per renewal).
 */
class CertificateIndexFootprintTest {

  private static final int ISSUED = 600;

  private static final int WARM_UP = 800;

  /**
   * A row (serial, subject, validity, transactionID and the DER of about 600 bytes) is about 1 KB;
   * a parsed certificate alone weighs several times that.
   */
  private static final long BYTES_PER_CERTIFICATE = 2_048;

  @Test
  void anIssuedCertificateIsKeptCompactNotParsed() throws Exception {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    CaMaterial material = CaMaterial.generate(CaMaterial.Spec.rootOnly(), now);
    CertificateIndex index = new CertificateIndex(null);
    CertificateIssuer issuer = new CertificateIssuer(material, index, Duration.ofDays(365));
    KeyPair key = KeySource.jca().generate(KeyType.EC_P256);
    PKCS10CertificationRequest csr =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=fgt-footprint"), key.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    // Loads the classes issuing needs and fills the JDK's cache of parsed certificates (750,
    // softly held, replaced one for one from then on) before counting.
    for (int i = 0; i < WARM_UP; i++) {
      issuer.issue(csr, "warm-up-" + i, now);
    }

    LiveObjects before = LiveObjects.now();
    long countedBefore = index.heapBytes();
    X509Certificate last = null;
    for (int i = 0; i < ISSUED; i++) {
      last = issuer.issue(csr, String.format("%064x", i), now);
    }
    LiveObjects after = LiveObjects.now();

    assertEquals(WARM_UP + ISSUED, index.size());
    long parsed =
        after.instancesOf("sun.security.x509.X509CertImpl")
            - before.instancesOf("sun.security.x509.X509CertImpl");
    assertTrue(parsed <= 10, parsed + " parsed certificates retained for " + ISSUED + " issued");
    long perCertificate = (after.totalBytes() - before.totalBytes()) / ISSUED;
    assertTrue(
        perCertificate < BYTES_PER_CERTIFICATE,
        () ->
            "the index retains "
                + perCertificate
                + " bytes per certificate issued; grown most: "
                + after.growthSince(before, 8));
    // The index's own count of its rows, the CA's line in a storm round, is near what the JVM saw.
    long counted = (index.heapBytes() - countedBefore) / ISSUED;
    assertTrue(
        counted > perCertificate * 6 / 10 && counted < perCertificate * 5 / 4,
        () -> "the index counts " + counted + " bytes a row, the JVM " + perCertificate);
    // The rows still answer with the very certificate issued.
    assertEquals(last, index.find(last.getSerialNumber()).orElseThrow().certificate());
  }
}
