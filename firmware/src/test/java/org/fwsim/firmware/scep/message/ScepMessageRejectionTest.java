package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad requests and bad replies: each must end in a ScepException with a clear message, never a
 * crash.
 */
class ScepMessageRejectionTest {
  private static final MessageRig RIG = new MessageRig("CN=Fleet CA");

  private static final X500Name SUBJECT = new X500Name("CN=fgt-0001,O=Fortinet");
  private static final CaCaps CAPS = CaCaps.parse("AES\nSHA-256\nPOSTPKIOperation");

  private static KeyPair deviceKey;
  private static KeyPair rogueKey;
  private static X509Certificate rogueCert;
  private static X509Certificate selfSigned;
  private static OutboundRequest sent;

  @BeforeAll
  static void pki() throws Exception {
    deviceKey = TestCertificates.rsaKeyPair();
    rogueKey = TestCertificates.rsaKeyPair();
    rogueCert = TestCertificates.scepCa("CN=Rogue CA", rogueKey);
    selfSigned = RIG.client.selfSignedSigner(deviceKey, SUBJECT);
    sent =
        RIG.client.pkcsReq(
            ScepCsr.csr(deviceKey, SUBJECT, "pw"),
            RIG.parties(selfSigned, deviceKey.getPrivate(), CAPS));
  }

  private static byte[] flipSignature(byte[] der) throws Exception {
    byte[] signature =
        new CMSSignedData(der).getSignerInfos().getSigners().iterator().next().getSignature();
    byte[] copy = der.clone();
    int at = indexOf(copy, signature);
    copy[at + signature.length / 2] ^= 0x01;
    return copy;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("signature not found in DER");
  }

  @Test
  void tamperedSignatureIsBadMessageCheckWithAHeader() throws Exception {
    ScepException e =
        assertThrows(ScepException.class, () -> RIG.server.decode(flipSignature(sent.der())));
    assertEquals(FailInfo.BAD_MESSAGE_CHECK, e.failInfo());
    RequestHeader header = e.header().orElseThrow();
    assertEquals(sent.transactionId(), header.transactionId());
    assertTrue(Arrays.equals(sent.senderNonce(), header.senderNonce()));
    assertEquals(selfSigned, header.signer());
    assertTrue(e.getMessage().contains("signature"), e.getMessage());

    // The CA can still answer with a signed FAILURE the client accepts.
    CertRep rep =
        RIG.open(
            RIG.server.failure(header, e.failInfo(), e.getMessage()), sent, deviceKey.getPrivate());
    assertEquals(FailInfo.BAD_MESSAGE_CHECK, rep.failInfo());
  }

  @Test
  void requestForAnotherCaIsBadMessageCheck() throws Exception {
    OutboundRequest toRogue =
        RIG.client.pkcsReq(
            ScepCsr.csr(deviceKey, SUBJECT, "pw"),
            new RequestParties(
                selfSigned, deviceKey.getPrivate(), CaCertificates.of(List.of(rogueCert)), CAPS));
    ScepException e = assertThrows(ScepException.class, () -> RIG.server.decode(toRogue.der()));
    assertEquals(FailInfo.BAD_MESSAGE_CHECK, e.failInfo());
    assertTrue(e.getMessage().contains("not encrypted to CN=Fleet CA"), e.getMessage());
    assertTrue(e.header().isPresent());
  }

  /** The server's refusal of a hand-built AES-128 request with a sender nonce. */
  private static ScepException rejected(String messageType, byte[] messageData) throws Exception {
    return rejected(messageType, messageData, CMSAlgorithm.AES128_CBC, true);
  }

  /** Decodes a hand-built request (transaction TX1); asserts the server refuses it; the refusal. */
  private static ScepException rejected(
      String messageType, byte[] messageData, ASN1ObjectIdentifier cipher, boolean withNonce)
      throws Exception {
    byte[] request = handBuilt(messageType, messageData, cipher, withNonce);
    return assertThrows(ScepException.class, () -> RIG.server.decode(request));
  }

  private static byte[] handBuilt(
      String messageType, byte[] messageData, ASN1ObjectIdentifier cipher, boolean withNonce)
      throws Exception {
    CMSEnvelopedDataGenerator g = new CMSEnvelopedDataGenerator();
    g.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(RIG.caCert));
    byte[] envelope =
        g.generate(
                new CMSProcessableByteArray(messageData),
                new JceCMSContentEncryptorBuilder(cipher).build())
            .getEncoded();
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new Attribute(ScepAttributes.TRANSACTION_ID, new DERSet(new DERPrintableString("TX1"))));
    v.add(
        new Attribute(
            ScepAttributes.MESSAGE_TYPE, new DERSet(new DERPrintableString(messageType))));
    if (withNonce) {
      v.add(
          new Attribute(ScepAttributes.SENDER_NONCE, new DERSet(new DEROctetString(new byte[16]))));
    }
    v.add(
        new Attribute(
            org.bouncycastle.asn1.cms.CMSAttributes.signingTime,
            new DERSet(new org.bouncycastle.asn1.cms.Time(Date.from(TestCertificates.NOW)))));
    return CmsLayers.sign(
        envelope,
        new AttributeTable(v),
        CmsLayers.holder(selfSigned),
        deviceKey.getPrivate(),
        CmsLayers.certStore(List.of(selfSigned)),
        "SHA-256");
  }

  @Test
  void unsupportedContentCipherIsBadAlg() throws Exception {
    byte[] csr = ScepCsr.csr(deviceKey, SUBJECT, null).getEncoded();
    for (ASN1ObjectIdentifier cipher : List.of(CMSAlgorithm.AES256_CBC, CMSAlgorithm.DES_CBC)) {
      ScepException e = rejected("19", csr, cipher, true);
      assertEquals(FailInfo.BAD_ALG, e.failInfo(), cipher.getId());
      assertTrue(e.getMessage().contains(cipher.getId()), e.getMessage());
    }
  }

  @Test
  void unassignedMessageTypeIsBadRequestWithAPartialHeader() throws Exception {
    byte[] csr = ScepCsr.csr(deviceKey, SUBJECT, null).getEncoded();
    ScepException e = rejected("18", csr);
    assertEquals(FailInfo.BAD_REQUEST, e.failInfo());
    assertTrue(e.getMessage().contains("18"), e.getMessage());
    assertEquals("TX1", e.header().orElseThrow().transactionId());
    assertNull(e.header().orElseThrow().type());
    assertThrows(ScepException.class, () -> MessageType.ofCode(0));
  }

  @Test
  void missingSenderNonceLeavesNothingToAnswerWith() throws Exception {
    byte[] csr = ScepCsr.csr(deviceKey, SUBJECT, null).getEncoded();
    ScepException e = rejected("19", csr, CMSAlgorithm.AES128_CBC, false);
    assertEquals(FailInfo.BAD_REQUEST, e.failInfo());
    assertTrue(e.header().isEmpty());
    assertTrue(e.getMessage().contains("senderNonce"), e.getMessage());
  }

  @Test
  void malformedMessageDataIsBadRequest() throws Exception {
    byte[] junk = "not a PKCS#10 at all".getBytes(StandardCharsets.US_ASCII);
    for (String type : List.of("19", "17", "20", "21", "22")) {
      ScepException e = rejected(type, junk);
      assertEquals(FailInfo.BAD_REQUEST, e.failInfo(), type);
      assertTrue(e.getMessage().startsWith("malformed"), e.getMessage());
      assertTrue(e.header().isPresent());
    }
  }

  @Test
  void csrWithABrokenSignatureIsBadMessageCheck() throws Exception {
    byte[] csr = ScepCsr.csr(deviceKey, SUBJECT, "pw").getEncoded();
    csr[csr.length - 3] ^= 0x01; // inside the PKCS#10 signature BIT STRING, the last element
    ScepException e = rejected("19", csr);
    assertEquals(FailInfo.BAD_MESSAGE_CHECK, e.failInfo());
    assertTrue(e.getMessage().contains("PKCS#10 signature"), e.getMessage());
  }

  @Test
  void garbageTruncatedAndEmptyRequestsAreBadRequestWithoutHeader() {
    byte[] der = sent.der();
    List<byte[]> inputs =
        List.of(
            new byte[0],
            "HTTP/1.1 200 OK garbage".getBytes(StandardCharsets.US_ASCII),
            Arrays.copyOf(der, 25),
            Arrays.copyOf(der, der.length / 2),
            Arrays.copyOf(der, der.length - 1));
    for (byte[] input : inputs) {
      ScepException e = assertThrows(ScepException.class, () -> RIG.server.decode(input));
      assertEquals(FailInfo.BAD_REQUEST, e.failInfo());
      assertTrue(e.header().isEmpty(), e.getMessage());
      assertTrue(e.getMessage().startsWith("pkiMessage"), e.getMessage());
    }
  }

  @Test
  void everyTruncationOfARequestOrReplyEndsInAScepException() throws Exception {
    InboundRequest in = RIG.server.decode(sent.der());
    byte[] reply = RIG.issue(in, 9);
    for (int len = 0; len < sent.der().length; len += 61) {
      byte[] cut = Arrays.copyOf(sent.der(), len);
      assertThrows(ScepException.class, () -> RIG.server.decode(cut), "request cut at " + len);
    }
    for (int len = 0; len < reply.length; len += 61) {
      byte[] cut = Arrays.copyOf(reply, len);
      assertThrows(
          ScepException.class,
          () -> RIG.open(cut, sent, deviceKey.getPrivate()),
          "reply cut at " + len);
    }
  }

  /**
   * Flips bytes across a request and a reply. Every flip must end in a ScepException, except inside
   * the SignedData certificates field, which no signature covers: there the request's signer
   * certificate may keep its key (and the client ignores the reply's copy of the CA certificate).
   */
  @Test
  void corruptedBytesAreRejectedAndNeverEscapeAsRuntimeExceptions() throws Exception {
    InboundRequest in = RIG.server.decode(sent.der());
    byte[] reply = RIG.issue(in, 10);
    assertEquals(
        List.of(), unrejectedFlipsOutside(sent.der(), selfSigned, bad -> RIG.server.decode(bad)));
    assertEquals(
        List.of(),
        unrejectedFlipsOutside(
            reply, RIG.caCert, bad -> RIG.open(bad, sent, deviceKey.getPrivate())));
  }

  interface Decoder {
    void decode(byte[] der) throws ScepException;
  }

  /** The offsets outside the embedded certificate whose corruption went unnoticed, with context. */
  private static List<String> unrejectedFlipsOutside(
      byte[] der, X509Certificate embedded, Decoder decoder) throws Exception {
    int certStart = indexOf(der, embedded.getEncoded());
    int certEnd = certStart + embedded.getEncoded().length;
    List<String> unrejected = new java.util.ArrayList<>();
    for (int at = 0; at < der.length; at += 37) {
      byte[] bad = der.clone();
      bad[at] ^= (byte) 0x5A;
      try {
        decoder.decode(bad);
        if (at < certStart || at >= certEnd) {
          unrejected.add(
              "offset "
                  + at
                  + " of "
                  + der.length
                  + " (certificate at "
                  + certStart
                  + "-"
                  + certEnd
                  + "), bytes around: "
                  + org.bouncycastle.util.encoders.Hex.toHexString(
                      der, Math.max(0, at - 8), Math.min(16, der.length - Math.max(0, at - 8))));
        }
      } catch (ScepException expected) {
        assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
      }
    }
    return unrejected;
  }

  @Test
  void clientRejects25ByteBody() {
    byte[] body = new byte[25];
    new SecureRandom().nextBytes(body);
    ScepException e =
        assertThrows(ScepException.class, () -> RIG.open(body, sent, deviceKey.getPrivate()));
    assertTrue(e.getMessage().contains("25 bytes"), e.getMessage());
    assertNull(e.failInfo());
  }

  @Test
  void clientRejectsWrongRecipientNonce() throws Exception {
    byte[] reply = RIG.server.pending(RIG.server.decode(sent.der()));
    byte[] otherNonce = sent.senderNonce().clone();
    otherNonce[0] ^= 1;
    OutboundRequest other =
        new OutboundRequest(
            sent.type(), sent.transactionId(), otherNonce, sent.der(), sent.stats());
    ScepException e =
        assertThrows(ScepException.class, () -> RIG.open(reply, other, deviceKey.getPrivate()));
    assertTrue(e.getMessage().contains("recipientNonce"), e.getMessage());
  }

  @Test
  void clientRejectsWrongTransactionId() throws Exception {
    byte[] reply = RIG.server.pending(RIG.server.decode(sent.der()));
    OutboundRequest other =
        new OutboundRequest(
            sent.type(),
            "0123456789ABCDEF0123456789ABCDEF",
            sent.senderNonce(),
            sent.der(),
            sent.stats());
    ScepException e =
        assertThrows(ScepException.class, () -> RIG.open(reply, other, deviceKey.getPrivate()));
    assertTrue(e.getMessage().contains("transactionID"), e.getMessage());
  }

  @Test
  void clientRejectsAReplyNotSignedByTheCa() throws Exception {
    PkiReplies rogue =
        new PkiReplies(
            RIG.caCert,
            RIG.caKey.getPrivate(),
            rogueCert,
            rogueKey.getPrivate(),
            List.of(),
            MessageRig.CLOCK,
            new SecureRandom());
    byte[] reply = rogue.pending(RIG.server.decode(sent.der()));
    ScepException e =
        assertThrows(ScepException.class, () -> RIG.open(reply, sent, deviceKey.getPrivate()));
    assertTrue(e.getMessage().contains("neither the CA nor"), e.getMessage());
    assertTrue(e.getMessage().contains("Rogue"), e.getMessage());
  }

  @Test
  void replyWithoutCertificatesIsSmallAndStillVerifiedAgainstTheKnownCa() throws Exception {
    PkiReplies bare = RIG.server.withReplyCertificates(List.of());
    byte[] reply = bare.pending(RIG.server.decode(sent.der()));
    assertTrue(
        reply.length
            < RIG.server.pending(RIG.server.decode(sent.der())).length
                - RIG.caCert.getEncoded().length
                + 16);
    assertTrue(new CMSSignedData(reply).getCertificates().getMatches(null).isEmpty());
    assertEquals(PkiStatus.PENDING, RIG.open(reply, sent, deviceKey.getPrivate()).status());
  }

  @Test
  void clientRejectsATamperedReplySignature() throws Exception {
    byte[] reply = RIG.server.pending(RIG.server.decode(sent.der()));
    ScepException e =
        assertThrows(
            ScepException.class,
            () -> RIG.open(flipSignature(reply), sent, deviceKey.getPrivate()));
    assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
  }

  @Test
  void clientRejectsARequestEchoedBackAsReply() {
    ScepException e =
        assertThrows(ScepException.class, () -> RIG.open(sent.der(), sent, deviceKey.getPrivate()));
    assertTrue(e.getMessage().contains("neither the CA"), e.getMessage());
  }

  @Test
  void aCaWithoutAnRsaEncryptionCertificateCannotReceiveRequests() throws Exception {
    KeyPair ecKey = TestCertificates.ecKeyPair();
    X509Certificate ecCa = TestCertificates.scepCa("CN=EC CA", ecKey);
    for (KeyPair appliance : List.of(deviceKey, ecKey)) {
      X509Certificate signer = RIG.client.selfSignedSigner(appliance, SUBJECT);
      ScepException e =
          assertThrows(
              ScepException.class,
              () ->
                  RIG.client.pkcsReq(
                      ScepCsr.csr(appliance, SUBJECT, "pw"),
                      new RequestParties(
                          signer, appliance.getPrivate(), CaCertificates.of(List.of(ecCa)), CAPS)));
      assertTrue(
          e.getMessage().contains("CA/RA encryption certificate CN=EC CA has an EC key, not RSA")
              && e.getMessage().contains("KeyTransRecipientInfo, which needs an RSA key"),
          e.getMessage());
    }
  }
}
