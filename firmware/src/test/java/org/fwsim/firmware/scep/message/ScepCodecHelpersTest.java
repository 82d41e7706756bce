package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** transactionID, self-signed signer, CSR, GET encoding, the enum codes and the trace sizes. */
class ScepCodecHelpersTest {

  private static KeyPair key;
  private static KeyPair otherKey;

  @BeforeAll
  static void keys() {
    key = TestCertificates.rsaKeyPair();
    otherKey = TestCertificates.rsaKeyPair();
  }

  @Test
  void transactionIdIsUpperHexMd5OfTheSubjectPublicKeyInfo() throws Exception {
    String id = PkiRequests.transactionId(key.getPublic());
    assertTrue(id.matches("[0-9A-F]{32}"), id);
    assertEquals(
        HexFormat.of()
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("MD5").digest(key.getPublic().getEncoded())),
        id);
    assertEquals(id, PkiRequests.transactionId(key.getPublic()));
    assertNotEquals(id, PkiRequests.transactionId(otherKey.getPublic()));
  }

  @Test
  void selfSignedSignerFollowsRfc8894Section23() throws Exception {
    PkiRequests client =
        new PkiRequests(InstantSource.fixed(TestCertificates.NOW), new SecureRandom());
    X500Name subject = new X500Name("CN=FGT60F0000000001");
    X509Certificate cert = client.selfSignedSigner(key, subject);
    boolean[] ku = cert.getKeyUsage();
    assertTrue(ku[0] && ku[2], "digitalSignature and keyEncipherment");
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    cert.verify(key.getPublic());
    cert.checkValidity(java.util.Date.from(TestCertificates.NOW));
    assertEquals(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()), subject);
  }

  @Test
  void csrCarriesChallengeAndSubjectAltNames() throws Exception {
    X500Name subject = new X500Name("CN=fgt.example.net");
    PKCS10CertificationRequest csr =
        ScepCsr.csr(
            key,
            subject,
            "one time pw",
            List.of(
                new GeneralName(GeneralName.dNSName, "fgt.example.net"),
                new GeneralName(GeneralName.rfc822Name, "noc@example.net")));
    assertEquals("one time pw", ScepCsr.challengePassword(csr));
    assertEquals(subject, csr.getSubject());
    assertTrue(
        csr.isSignatureValid(
            new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                .build(key.getPublic())));
    assertEquals(
        1,
        csr.getAttributes(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)
            .length);
    assertEquals(null, ScepCsr.challengePassword(ScepCsr.csr(key, subject, null)));
    assertEquals("pässwort", ScepCsr.challengePassword(ScepCsr.csr(key, subject, "pässwort")));
  }

  @Test
  void getEncodingIsEscapedStandardBase64() throws Exception {
    byte[] data = new byte[300];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7 + 0xF8); // yields '+' and '/' in base64
    }
    String base64 = Base64.getEncoder().encodeToString(data);
    assertTrue(base64.contains("+") && base64.contains("/"));
    String escaped = ScepGetMessage.encode(data);
    assertFalse(escaped.contains("+") || escaped.contains("/") || escaped.contains("="), escaped);
    assertTrue(escaped.contains("%2B") && escaped.contains("%2F"));
    assertArrayEquals(data, ScepGetMessage.decode(escaped));
    // A client that forgot to escape '+' still decodes, as does an unescaped value.
    assertArrayEquals(data, ScepGetMessage.decode(base64.replace("/", "%2F")));
    assertThrows(ScepException.class, () -> ScepGetMessage.decode("%zz"));
    assertThrows(ScepException.class, () -> ScepGetMessage.decode(""));
  }

  @Test
  void enumCodesAreTheRfcValues() throws Exception {
    assertEquals(19, MessageType.PKCS_REQ.code());
    assertEquals(MessageType.CERT_POLL, MessageType.ofCode(20));
    for (int unassigned : new int[] {0, 1, 18, 23, 255}) {
      ScepException e = assertThrows(ScepException.class, () -> MessageType.ofCode(unassigned));
      assertEquals(FailInfo.BAD_REQUEST, e.failInfo());
    }
    assertEquals(3, PkiStatus.PENDING.code());
    assertEquals(FailInfo.BAD_CERT_ID, FailInfo.ofCode(4));
    assertEquals("badMessageCheck", FailInfo.BAD_MESSAGE_CHECK.rfcName());
  }

  @Test
  void base64SizeMatchesTheFortiOsTraceLayout() {
    // KB 262267: an outer PKCS#7 whose base64 text is printed as 3953 and 3271 bytes.
    assertEquals(3953, WrapStats.base64LinesSize(2919));
    assertEquals(3271, WrapStats.base64LinesSize(2415));
    byte[] der = new byte[1000];
    assertEquals(
        Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der).length + 1,
        WrapStats.base64LinesSize(der.length));
  }
}
