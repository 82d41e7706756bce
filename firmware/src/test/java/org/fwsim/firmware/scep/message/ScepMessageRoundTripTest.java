package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client request → CA decode → CA reply → client decode, on bytes, for every SCEP operation. */
class ScepMessageRoundTripTest {
  private static final MessageRig RIG =
      new MessageRig("CN=sceptest,OU=AS,O=Fortinet,L=Amsterdam,ST=NH,C=NL");

  private static final X500Name SUBJECT =
      new X500Name("CN=myvpn,OU=AS,O=Fortinet,L=Amsterdam,ST=NH");

  private static KeyPair deviceKey;

  @BeforeAll
  static void pki() throws Exception {
    deviceKey = TestCertificates.rsaKeyPair();
  }

  private static final CaCaps MICROMDM =
      CaCaps.parse("Renewal\nSHA-1\nSHA-256\nAES\nDES3\nSCEPStandard\nPOSTPKIOperation");
  private static final CaCaps LEGACY = CaCaps.parse("SHA-1\nDES3");

  @Test
  void pkcsReqIsDecodedIssuedAndOpenedWithAes() throws Exception {
    PKCS10CertificationRequest csr = ScepCsr.csr(deviceKey, SUBJECT, "s3cret");
    X509Certificate selfSigned = RIG.client.selfSignedSigner(deviceKey, SUBJECT);
    OutboundRequest sent = RIG.client.pkcsReq(csr, signedByDevice(selfSigned, MICROMDM));

    assertEquals(MessageType.PKCS_REQ, sent.type());
    assertEquals(PkiRequests.transactionId(deviceKey.getPublic()), sent.transactionId());
    assertEquals(16, sent.senderNonce().length);
    assertEquals(csr.getEncoded().length, sent.stats().dataPayloadSize());
    assertEquals(sent.der().length, sent.stats().pkiMessageSize());

    InboundRequest in = RIG.server.decode(sent.der());
    assertEquals(MessageType.PKCS_REQ, in.header().type());
    assertEquals(sent.transactionId(), in.header().transactionId());
    assertArrayEquals(sent.senderNonce(), in.header().senderNonce());
    assertEquals(selfSigned, in.header().signer());
    assertTrue(in.signerIsSelfSigned());
    assertEquals("s3cret", in.challengePassword());
    assertEquals(SUBJECT, in.csr().getSubject());
    assertEquals(CMSAlgorithm.AES128_CBC, in.contentCipher());
    assertEquals(Date.from(TestCertificates.NOW), in.signingTime());

    X509Certificate issued =
        TestCertificates.issue(in.csr(), RIG.caCert, RIG.caKey.getPrivate(), 1001);
    byte[] reply = RIG.server.success(in, List.of(issued, RIG.caCert));
    assertEquals(CMSAlgorithm.AES128_CBC.getId(), replyCipher(reply));

    CertRep rep = RIG.open(reply, sent, deviceKey.getPrivate());
    assertEquals(PkiStatus.SUCCESS, rep.status());
    assertEquals(MessageType.CERT_REP, rep.type());
    assertEquals(sent.transactionId(), rep.transactionId());
    assertArrayEquals(sent.senderNonce(), rep.recipientNonce());
    assertFalse(
        java.util.Arrays.equals(sent.senderNonce(), rep.senderNonce()),
        "CA must use a fresh senderNonce");
    assertEquals(issued, PkiRequests.issuedFor(rep, deviceKey.getPublic()));
    assertEquals(reply.length, rep.stats().pkiMessageSize());
    assertTrue(rep.stats().envelopedSize() > 0 && rep.stats().innerPayloadSize() > 0);
  }

  @Test
  void legacyCapsGiveDes3AndTheReplyUsesTheRequestCipher() throws Exception {
    PKCS10CertificationRequest csr = ScepCsr.csr(deviceKey, SUBJECT, null);
    X509Certificate selfSigned = RIG.client.selfSignedSigner(deviceKey, SUBJECT);
    OutboundRequest sent = RIG.client.pkcsReq(csr, signedByDevice(selfSigned, LEGACY));
    assertEquals("SHA-1", digestOf(sent.der()));

    InboundRequest in = RIG.server.decode(sent.der());
    assertEquals(CMSAlgorithm.DES_EDE3_CBC, in.contentCipher());
    assertNull(in.challengePassword());

    byte[] reply = RIG.issue(in, 1002);
    assertEquals(CMSAlgorithm.DES_EDE3_CBC.getId(), replyCipher(reply));
    CertRep rep = RIG.open(reply, sent, deviceKey.getPrivate());
    assertEquals(PkiStatus.SUCCESS, rep.status());
    assertNotNull(PkiRequests.issuedFor(rep, deviceKey.getPublic()));
  }

  @Test
  void renewalReqIsSignedWithTheOldCertificateAndTheReplyGoesToItsKey() throws Exception {
    X509Certificate old = issuedToDevice(77);
    KeyPair newKey = TestCertificates.rsaKeyPair();
    PKCS10CertificationRequest csr = ScepCsr.csr(newKey, SUBJECT, null);
    OutboundRequest sent = RIG.client.renewalReq(csr, signedByDevice(old, MICROMDM));
    assertEquals(PkiRequests.transactionId(newKey.getPublic()), sent.transactionId());

    InboundRequest in = RIG.server.decode(sent.der());
    assertEquals(MessageType.RENEWAL_REQ, in.header().type());
    assertEquals(old, in.header().signer());
    assertFalse(in.signerIsSelfSigned());

    X509Certificate renewed =
        TestCertificates.issue(in.csr(), RIG.caCert, RIG.caKey.getPrivate(), 78);
    CertRep rep = RIG.open(RIG.server.success(in, List.of(renewed)), sent, deviceKey.getPrivate());
    assertEquals(renewed, PkiRequests.issuedFor(rep, newKey.getPublic()));
    ScepException wrongKey =
        assertThrows(ScepException.class, () -> PkiRequests.issuedFor(rep, deviceKey.getPublic()));
    assertTrue(wrongKey.getMessage().contains("for our key"), wrongKey.getMessage());
  }

  @Test
  void pendingThenCertPollThenSuccess() throws Exception {
    PKCS10CertificationRequest csr = ScepCsr.csr(deviceKey, SUBJECT, "pw");
    X509Certificate selfSigned = RIG.client.selfSignedSigner(deviceKey, SUBJECT);
    OutboundRequest sent = RIG.client.pkcsReq(csr, signedByDevice(selfSigned, MICROMDM));
    InboundRequest in = RIG.server.decode(sent.der());

    CertRep pending = RIG.open(RIG.server.pending(in), sent, deviceKey.getPrivate());
    assertEquals(PkiStatus.PENDING, pending.status());
    assertTrue(pending.certificates().isEmpty());
    assertEquals(0, pending.stats().envelopedSize());

    X500Name caName = RIG.caName();
    OutboundRequest poll =
        RIG.client.certPoll(
            caName, SUBJECT, sent.transactionId(), signedByDevice(selfSigned, MICROMDM));
    assertEquals(sent.transactionId(), poll.transactionId());
    InboundRequest polled = RIG.server.decode(poll.der());
    assertEquals(MessageType.CERT_POLL, polled.header().type());
    assertEquals(caName, polled.pollIssuer());
    assertEquals(SUBJECT, polled.pollSubject());
    assertNull(polled.csr());

    X509Certificate issued =
        TestCertificates.issue(in.csr(), RIG.caCert, RIG.caKey.getPrivate(), 1003);
    CertRep rep =
        RIG.open(RIG.server.success(polled, List.of(issued)), poll, deviceKey.getPrivate());
    assertEquals(issued, PkiRequests.issuedFor(rep, deviceKey.getPublic()));
  }

  @Test
  void failureCarriesFailInfoAndText() throws Exception {
    OutboundRequest sent =
        RIG.client.pkcsReq(
            ScepCsr.csr(deviceKey, SUBJECT, "wrong"),
            signedByDevice(RIG.client.selfSignedSigner(deviceKey, SUBJECT), MICROMDM));
    InboundRequest in = RIG.server.decode(sent.der());
    byte[] reply =
        RIG.server.failure(in.header(), FailInfo.BAD_REQUEST, "challenge password rejected");
    CertRep rep = RIG.open(reply, sent, deviceKey.getPrivate());
    assertEquals(PkiStatus.FAILURE, rep.status());
    assertEquals(FailInfo.BAD_REQUEST, rep.failInfo());
    assertEquals("challenge password rejected", rep.failInfoText());
    assertThrows(ScepException.class, () -> PkiRequests.issuedFor(rep, deviceKey.getPublic()));
  }

  @Test
  void getCertReturnsTheCertificate() throws Exception {
    X509Certificate existing = issuedToDevice(4242);
    OutboundRequest sent =
        RIG.client.getCert(
            RIG.caName(), BigInteger.valueOf(4242), signedByDevice(existing, MICROMDM));
    assertTrue(sent.transactionId().matches("[0-9A-F]{32}"));
    InboundRequest in = decodedBySerial(sent, MessageType.GET_CERT, 4242);
    CertRep rep = RIG.open(RIG.server.success(in, List.of(existing)), sent, deviceKey.getPrivate());
    assertEquals(List.of(existing), rep.certificates());
  }

  @Test
  void getCrlReturnsTheCrl() throws Exception {
    X509Certificate existing = issuedToDevice(4243);
    OutboundRequest sent =
        RIG.client.getCrl(RIG.caName(), BigInteger.valueOf(4243), signedByDevice(existing, LEGACY));
    InboundRequest in = decodedBySerial(sent, MessageType.GET_CRL, 4243);
    X509CRL crl = TestCertificates.crl(RIG.caCert, RIG.caKey.getPrivate(), BigInteger.valueOf(99));
    CertRep rep = RIG.open(RIG.server.successCrl(in, crl), sent, deviceKey.getPrivate());
    assertEquals(PkiStatus.SUCCESS, rep.status());
    assertEquals(crl, rep.crl());
    assertNotNull(rep.crl().getRevokedCertificate(BigInteger.valueOf(99)));
  }

  /** The CA's decoding of a GetCert or GetCRL: its type and the IssuerAndSerialNumber asked for. */
  private static InboundRequest decodedBySerial(OutboundRequest sent, MessageType type, long serial)
      throws ScepException {
    InboundRequest in = RIG.server.decode(sent.der());
    assertEquals(type, in.header().type());
    assertEquals(RIG.caName(), in.issuerAndSerial().getName());
    assertEquals(BigInteger.valueOf(serial), in.issuerAndSerial().getSerialNumber().getValue());
    return in;
  }

  @Test
  void requestsAreEncryptedToTheRaAndRepliesSignedByTheRa() throws Exception {
    KeyPair raEncKey = TestCertificates.rsaKeyPair();
    KeyPair raSignKey = TestCertificates.rsaKeyPair();
    X509Certificate raEnc =
        RIG.issued("CN=NDES enc", raEncKey, org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment);
    X509Certificate raSign =
        RIG.issued("CN=NDES sign", raSignKey, org.bouncycastle.asn1.x509.KeyUsage.digitalSignature);
    CaCertificates withRa =
        CaCertificates.parse(
            CaCertificates.CA_RA_CERT,
            CaCertificates.encodeChain(List.of(raSign, raEnc, RIG.caCert)));
    PkiReplies raServer =
        new PkiReplies(
            raEnc,
            raEncKey.getPrivate(),
            raSign,
            raSignKey.getPrivate(),
            List.of(RIG.caCert),
            MessageRig.CLOCK,
            new SecureRandom());

    OutboundRequest sent =
        RIG.client.pkcsReq(
            ScepCsr.csr(deviceKey, SUBJECT, "pw"),
            new RequestParties(
                RIG.client.selfSignedSigner(deviceKey, SUBJECT),
                deviceKey.getPrivate(),
                withRa,
                MICROMDM));
    InboundRequest in = raServer.decode(sent.der());
    CertRep rep =
        RIG.client.decodeReply(
            raServer.success(
                in,
                List.of(TestCertificates.issue(in.csr(), RIG.caCert, RIG.caKey.getPrivate(), 5))),
            sent,
            deviceKey.getPrivate(),
            withRa);
    assertEquals(PkiStatus.SUCCESS, rep.status());

    // The CA itself cannot open a request encrypted to its RA.
    ScepException e = assertThrows(ScepException.class, () -> RIG.server.decode(sent.der()));
    assertEquals(FailInfo.BAD_MESSAGE_CHECK, e.failInfo());
  }

  /**
   * The content-encryption algorithm of a CertRep's envelope, read independently with BouncyCastle.
   */
  static String replyCipher(byte[] reply) throws Exception {
    byte[] envelope = (byte[]) new CMSSignedData(reply).getSignedContent().getContent();
    return new CMSEnvelopedData(envelope).getEncryptionAlgOID();
  }

  static String digestOf(byte[] pkiMessage) throws Exception {
    String oid =
        new CMSSignedData(pkiMessage)
            .getSignerInfos()
            .getSigners()
            .iterator()
            .next()
            .getDigestAlgOID();
    return switch (oid) {
      case "1.3.14.3.2.26" -> "SHA-1";
      case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
      default -> oid;
    };
  }

  /** The parties of a request the device signs with its key, under {@code signer}. */
  private RequestParties signedByDevice(X509Certificate signer, CaCaps caps) {
    return RIG.parties(signer, deviceKey.getPrivate(), caps);
  }

  /** A certificate the CA issued earlier for the device's key, with that serial number. */
  private X509Certificate issuedToDevice(int serial) throws Exception {
    return TestCertificates.issue(
        ScepCsr.csr(deviceKey, SUBJECT, null), RIG.caCert, RIG.caKey.getPrivate(), serial);
  }
}
