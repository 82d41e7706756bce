package org.fwsim.firmware.est;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/** The EST client's requests and answer checks, on values: no server, no sockets. */
class EstClientProtocolTest {

  private final TestCertificates.Issued root = TestCertificates.rootCa("est root");
  private final TestCertificates.Issued leaf = TestCertificates.leaf("fgt-1", root);

  @Test
  void requestsFollowRfc7030Paths() throws Exception {
    PKCS10CertificationRequest csr = csr(leaf.keyPair(), "CN=fgt-1");
    assertEquals("/.well-known/est/cacerts", EstRequest.cacerts("").path());
    EstRequest enroll = EstRequest.simpleEnroll("fgt", csr, "est", "s3cret");
    assertEquals("POST", enroll.method());
    assertEquals("/.well-known/est/fgt/simpleenroll", enroll.path());
    assertEquals("application/pkcs10", enroll.headers().get("Content-Type"));
    assertEquals(
        "Basic "
            + Base64.getEncoder().encodeToString("est:s3cret".getBytes(StandardCharsets.UTF_8)),
        enroll.headers().get("Authorization"));
    assertEquals(
        new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(enroll.body())), csr);
    EstRequest renew = EstRequest.simpleReenroll(null, csr);
    assertEquals("/.well-known/est/simplereenroll", renew.path());
    assertEquals(null, renew.headers().get("Authorization"));
    assertThrows(IllegalArgumentException.class, () -> EstRequest.cacerts("a/../b"));
  }

  @Test
  void anEnrollmentAnswerMustHoldTheRequestedKeyAndSubject() throws Exception {
    PKCS10CertificationRequest csr = csr(leaf.keyPair(), subject(leaf.certificate()));
    byte[] body = certsOnly(List.of(leaf.certificate(), root.certificate()));
    String type = "application/pkcs7-mime; smime-type=certs-only";
    assertEquals(leaf.certificate(), EstAnswer.enrolled(200, type, body, csr));

    EstException otherKey =
        assertThrows(
            EstException.class,
            () ->
                EstAnswer.enrolled(
                    200,
                    type,
                    body,
                    csr(TestCertificates.ecKeyPair(), subject(leaf.certificate()))));
    assertTrue(otherKey.getMessage().contains("requested key"));
    assertThrows(
        EstException.class,
        () -> EstAnswer.enrolled(200, type, body, csr(leaf.keyPair(), "CN=fgt-2")));
  }

  @Test
  void refusalsAndMalformedAnswersAreErrorsWithTheStatus() {
    EstException refused =
        assertThrows(
            EstException.class,
            () ->
                EstAnswer.cacerts(
                    401, "text/plain", "HTTP basic authentication required\n".getBytes()));
    assertEquals(401, refused.status());
    assertTrue(refused.getMessage().contains("basic authentication required"));
    assertEquals(
        0,
        assertThrows(
                EstException.class, () -> EstAnswer.cacerts(200, "text/html", "<html>".getBytes()))
            .status());
    assertThrows(
        EstException.class,
        () -> EstAnswer.cacerts(200, "application/pkcs7-mime", "bm90IGNtcw==".getBytes()));
  }

  @Test
  void cacertsReadsEveryCertificate() throws Exception {
    List<X509Certificate> certs =
        EstAnswer.cacerts(200, "application/pkcs7-mime", certsOnly(List.of(root.certificate())));
    assertEquals(List.of(root.certificate()), certs);
  }

  private static PKCS10CertificationRequest csr(KeyPair key, String subject) throws Exception {
    String alg = key.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
        .build(new JcaContentSignerBuilder(alg).build(key.getPrivate()));
  }

  private static String subject(X509Certificate c) {
    return X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).toString();
  }

  private static byte[] certsOnly(List<X509Certificate> certs) throws Exception {
    CMSSignedDataGenerator g = new CMSSignedDataGenerator();
    g.addCertificates(new JcaCertStore(certs));
    byte[] der = g.generate(new CMSAbsentContent()).getEncoded();
    return Base64.getMimeEncoder().encode(der);
  }
}
