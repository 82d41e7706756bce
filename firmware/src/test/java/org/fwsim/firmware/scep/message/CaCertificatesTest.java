package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaCertificatesTest {

  private static KeyPair rootKey;
  private static KeyPair issuingKey;
  private static KeyPair raKey;
  private static X509Certificate root;
  private static X509Certificate issuing;

  @BeforeAll
  static void pki() {
    rootKey = TestCertificates.rsaKeyPair();
    issuingKey = TestCertificates.rsaKeyPair();
    raKey = TestCertificates.rsaKeyPair();
    root = TestCertificates.scepCa("CN=Root CA", rootKey);
    issuing =
        TestCertificates.issuedCa(
            "CN=Issuing CA",
            issuingKey.getPublic(),
            root,
            rootKey.getPrivate(),
            KeyUsage.keyCertSign
                | KeyUsage.cRLSign
                | KeyUsage.digitalSignature
                | KeyUsage.keyEncipherment);
  }

  @Test
  void singleDerCertificateIsCaEncryptionAndSigningCert() throws Exception {
    CaCertificates ca =
        CaCertificates.parse("application/x-x509-ca-cert; charset=binary", root.getEncoded());
    assertEquals(1, ca.replyType());
    assertSame(ca.ca(), ca.encryptionCert());
    assertSame(ca.ca(), ca.signingCert());
    assertEquals(root, ca.ca());
    String expected =
        HexFormat.of()
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
    assertEquals(expected, ca.fingerprintSha256());
    assertEquals(CaCertificates.CA_CERT, ca.contentType());
  }

  @Test
  void chainWithNdesStyleRaCertsPicksThemByKeyUsage() throws Exception {
    X509Certificate raSign =
        TestCertificates.issued(
            "CN=RA sign",
            raKey.getPublic(),
            issuing,
            issuingKey.getPrivate(),
            KeyUsage.digitalSignature);
    X509Certificate raEnc =
        TestCertificates.issued(
            "CN=RA enc",
            raKey.getPublic(),
            issuing,
            issuingKey.getPrivate(),
            KeyUsage.keyEncipherment);
    byte[] body = CaCertificates.encodeChain(List.of(root, raSign, issuing, raEnc));
    CaCertificates ca = CaCertificates.parse(CaCertificates.CA_RA_CERT, body);
    assertEquals(2, ca.replyType());
    assertEquals(issuing, ca.ca());
    assertEquals(raEnc, ca.encryptionCert());
    assertEquals(raSign, ca.signingCert());
    assertEquals(4, ca.all().size());
    assertTrue(ca.contains(raSign));
  }

  @Test
  void chainWithoutRaUsesTheIssuingCaNotTheRoot() throws Exception {
    CaCertificates ca =
        CaCertificates.parse(
            CaCertificates.CA_RA_CERT, CaCertificates.encodeChain(List.of(root, issuing)));
    assertEquals(issuing, ca.ca());
    assertEquals(issuing, ca.encryptionCert());
    assertEquals(issuing, ca.signingCert());
  }

  @Test
  void caWithoutKeyEnciphermentAndNoRaIsRejected() throws Exception {
    X509Certificate signOnly =
        TestCertificates.selfSignedCa(
            "CN=Sign-only CA", rootKey, KeyUsage.keyCertSign | KeyUsage.digitalSignature);
    ScepException e = refused(CaCertificates.CA_CERT, signOnly.getEncoded());
    assertTrue(e.getMessage().contains("keyEncipherment"), e.getMessage());
  }

  @Test
  void leniently_anRsaCaWithoutKeyEnciphermentIsEncryptedToButAnEcOneIsNot() throws Exception {
    // micromdm's CA: keyCertSign and cRLSign only.
    X509Certificate certSignOnly =
        TestCertificates.selfSignedCa(
            "CN=micromdm-like CA", rootKey, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    CaCertificates ca =
        CaCertificates.parseLenient(CaCertificates.CA_CERT, certSignOnly.getEncoded());
    assertSame(ca.ca(), ca.encryptionCert());
    java.security.KeyPair ecKey = TestCertificates.ecKeyPair();
    X509Certificate ecCa =
        TestCertificates.selfSignedCa(
            "CN=EC CA", ecKey, KeyUsage.keyCertSign | KeyUsage.digitalSignature);
    ScepException e =
        assertThrows(
            ScepException.class,
            () -> CaCertificates.parseLenient(CaCertificates.CA_CERT, ecCa.getEncoded()));
    assertTrue(e.getMessage().contains("keyEncipherment"), e.getMessage());
  }

  @Test
  void wrongContentTypeAndGarbageAreClearErrors() {
    ScepException html =
        refused("text/html", "<html>mscep_admin</html>".getBytes(StandardCharsets.US_ASCII));
    assertTrue(html.getMessage().contains("text/html"), html.getMessage());
    ScepException garbage = refused(CaCertificates.CA_CERT, new byte[25]);
    assertTrue(garbage.getMessage().contains("25 bytes"), garbage.getMessage());
    ScepException badChain =
        refused(CaCertificates.CA_RA_CERT, new byte[] {0x30, 0x03, 0x02, 0x01});
    assertTrue(badChain.getMessage().contains("not a certs-only"), badChain.getMessage());
    refused(CaCertificates.CA_CERT, new byte[0]);
    assertNull(garbage.failInfo());
  }

  @Test
  void toWireRoundTrips() throws Exception {
    CaCertificates chain = CaCertificates.of(List.of(root, issuing));
    assertEquals(chain.all(), CaCertificates.parse(chain.contentType(), chain.toWire()).all());
    CaCertificates single = CaCertificates.of(List.of(root));
    assertEquals(root, CaCertificates.parse(single.contentType(), single.toWire()).ca());
  }

  /** Asserts that parsing {@code body} as {@code contentType} fails; the failure. */
  private static ScepException refused(String contentType, byte[] body) {
    return assertThrows(ScepException.class, () -> CaCertificates.parse(contentType, body));
  }
}
