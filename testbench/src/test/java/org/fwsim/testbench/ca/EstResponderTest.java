package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fwsim.firmware.est.EstAnswer;
import org.fwsim.firmware.est.EstException;
import org.fwsim.firmware.est.EstRequest;
import org.fwsim.hal.testing.SteppedClock;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EST's answers as values: statuses, authentication, subject rules and certs-only bodies. */
class EstResponderTest {

  private static final String ENROLL = "/.well-known/est/simpleenroll";
  private static final String REENROLL = "/.well-known/est/simplereenroll";
  private static CaMaterial material;

  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final ScepCa ca =
      ScepCa.builder().material(material).clock(clock).challenge("s3cret").workers(1).build();
  private final EstResponder est = new EstResponder(ca.parts());
  private final KeyPair key = TestCertificates.ecKeyPair();

  @BeforeAll
  static void generate() {
    material =
        CaMaterial.generate(
            CaMaterial.Spec.rootOnly().withIntermediate(true).withRa(true),
            Instant.parse("2026-11-23T00:00:00Z"));
  }

  @AfterEach
  void close() {
    ca.close();
  }

  @Test
  void cacertsAnswersTheCaCertificatesWithoutTheRaOnes() throws Exception {
    EstResponder.Answer a = est.answer(get("/.well-known/est/cacerts"));
    assertEquals(200, a.status());
    assertEquals(EstResponder.PKCS7, a.contentType());
    List<X509Certificate> certs = certsOnly(a);
    // A certs-only SignedData holds a SET OF certificates: DER sorts them, the order is no promise.
    assertEquals(Set.of(material.intermediateCert(), material.rootCert()), Set.copyOf(certs));
    assertEquals(2, certs.size());
  }

  @Test
  void aCaLabelIsAcceptedAndOtherPathsAreNotFound() {
    assertEquals(200, est.answer(get("/.well-known/est/fgt/cacerts")).status());
    assertEquals(404, est.answer(get("/.well-known/est/csrattrs")).status());
    assertEquals(404, est.answer(get("/scep")).status());
    assertEquals(404, est.answer(get("/.well-known/est/a/b/cacerts")).status());
    assertEquals(404, est.answer(get("/.well-known/est/")).status());
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    EstResponder.Answer a = est.answer(post("/.well-known/est/cacerts", null, null, new byte[0]));
    assertEquals(405, a.status());
    assertEquals("GET", a.headers().get("Allow"));
    assertEquals("POST", est.answer(get(ENROLL)).headers().get("Allow"));
  }

  @Test
  void simpleenrollWithTheChallengeIssuesTheRequestedSubject() throws Exception {
    EstResponder.Answer a = est.answer(enroll(basic("est", "s3cret"), csr("CN=fgt-1,O=fwsim")));
    assertEquals(200, a.status(), new String(a.body(), StandardCharsets.UTF_8));
    assertEquals(EstResponder.CERTS_ONLY, a.contentType());
    X509Certificate issued = certsOnly(a).get(0);
    assertEquals(new X500Name("CN=fgt-1,O=fwsim"), subject(issued));
    assertEquals(key.getPublic(), issued.getPublicKey());
    issued.verify(material.issuerCert().getPublicKey());
    assertTrue(ca.certificates().findIssued(issued).isPresent());
  }

  @Test
  void enrollmentWithoutOrWithWrongCredentialsIs401AskingForBasic() {
    byte[] csr = csr("CN=fgt-1");
    for (String auth :
        new String[] {
          null, basic("est", "wrong"), basic("admin", "s3cret"), "Bearer x", "Basic !!!"
        }) {
      EstResponder.Answer a = est.answer(enroll(auth, csr));
      assertEquals(401, a.status(), String.valueOf(auth));
      assertEquals("Basic realm=\"estrealm\"", a.headers().get("WWW-Authenticate"));
    }
    assertEquals(0, ca.certificates().size());
  }

  @Test
  void aBadRequestBodyIs400() {
    String auth = basic("est", "s3cret");
    assertEquals(400, est.answer(enroll(auth, new byte[0])).status());
    assertEquals(400, est.answer(enroll(auth, ascii("not base64 at all!"))).status());
    assertEquals(400, est.answer(enroll(auth, ascii("AAAA"))).status());
    byte[] tampered = Base64.getMimeDecoder().decode(csr("CN=fgt-1"));
    tampered[tampered.length - 5] ^= 1;
    EstResponder.Answer a = est.answer(enroll(auth, b64(tampered)));
    assertEquals(400, a.status());
    assertTrue(new String(a.body(), StandardCharsets.UTF_8).contains("signature"));
    assertEquals(415, est.answer(post(ENROLL, auth, "application/json", csr("CN=fgt-1"))).status());
    assertEquals(0, ca.certificates().size());
  }

  @Test
  void simplereenrollNeedsACurrentCertificateOfThisCaAndKeepsItsSubject() throws Exception {
    X509Certificate current =
        certsOnly(est.answer(enroll(basic("est", "s3cret"), csr("CN=fgt-1")))).get(0);
    assertEquals(403, est.answer(reenroll(null, csr("CN=fgt-1"))).status());

    EstResponder.Answer renewed = est.answer(reenroll(current, csr("CN=fgt-1")));
    assertEquals(200, renewed.status(), new String(renewed.body(), StandardCharsets.UTF_8));
    assertEquals(new X500Name("CN=fgt-1"), subject(certsOnly(renewed).get(0)));

    EstResponder.Answer other = est.answer(reenroll(current, csr("CN=someone-else")));
    assertEquals(400, other.status());

    X509Certificate foreign =
        TestCertificates.leaf("fgt-1", TestCertificates.rootCa("x")).certificate();
    assertEquals(403, est.answer(reenroll(foreign, csr("CN=fgt-1"))).status());

    clock.step(Duration.ofDays(366));
    assertEquals(403, est.answer(reenroll(current, csr("CN=fgt-1"))).status());
    clock.step(Duration.ofDays(-366));
    ca.revoke(current.getSerialNumber());
    assertEquals(403, est.answer(reenroll(current, csr("CN=fgt-1"))).status());
    assertEquals(2, ca.certificates().size());
  }

  @Test
  void theAppliancesEstRequestsAndAnswerChecksAgreeWithTheCa() throws Exception {
    PKCS10CertificationRequest csr = request("CN=fgt-9");
    EstAnswer.cacerts(
        200, EstResponder.PKCS7, est.answer(values(EstRequest.cacerts("fgt"))).body());
    EstResponder.Answer a =
        est.answer(values(EstRequest.simpleEnroll("fgt", csr, "est", "s3cret")));
    X509Certificate first = EstAnswer.enrolled(a.status(), a.contentType(), a.body(), csr);
    EstRequest renew = EstRequest.simpleReenroll("fgt", csr);
    EstResponder.Answer b =
        est.answer(
            new EstResponder.Request(
                renew.method(),
                renew.path(),
                null,
                renew.headers().get("Content-Type"),
                first,
                renew.body()));
    X509Certificate second = EstAnswer.enrolled(b.status(), b.contentType(), b.body(), csr);
    assertEquals(subject(first), subject(second));
    EstResponder.Answer refused =
        est.answer(values(EstRequest.simpleEnroll(null, csr, "est", "wrong")));
    assertEquals(
        401,
        assertThrows(
                EstException.class,
                () ->
                    EstAnswer.enrolled(
                        refused.status(), refused.contentType(), refused.body(), csr))
            .status());
  }

  private static EstResponder.Request values(EstRequest r) {
    return new EstResponder.Request(
        r.method(),
        r.path(),
        r.headers().get("Authorization"),
        r.headers().get("Content-Type"),
        null,
        r.body());
  }

  private EstResponder.Request enroll(String auth, byte[] body) {
    return post(ENROLL, auth, EstResponder.PKCS10, body);
  }

  private EstResponder.Request reenroll(X509Certificate client, byte[] body) {
    return new EstResponder.Request("POST", REENROLL, null, EstResponder.PKCS10, client, body);
  }

  private static EstResponder.Request get(String path) {
    return new EstResponder.Request("GET", path, null, null, null, new byte[0]);
  }

  private static EstResponder.Request post(
      String path, String auth, String contentType, byte[] body) {
    return new EstResponder.Request("POST", path, auth, contentType, null, body);
  }

  private byte[] csr(String subject) {
    try {
      return b64(request(subject).getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private PKCS10CertificationRequest request(String subject) {
    try {
      return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<X509Certificate> certsOnly(EstResponder.Answer a) throws Exception {
    byte[] der = Base64.getMimeDecoder().decode(a.body());
    List<X509Certificate> out = new java.util.ArrayList<>();
    for (var holder : new CMSSignedData(der).getCertificates().getMatches(null)) {
      out.add(new JcaX509CertificateConverter().getCertificate(holder));
    }
    return out;
  }

  private static X500Name subject(X509Certificate c) {
    return X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] b64(byte[] der) {
    return EstResponder.base64(der);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
