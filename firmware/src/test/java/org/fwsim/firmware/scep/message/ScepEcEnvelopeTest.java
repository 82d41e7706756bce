package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.PasswordRecipient;
import org.bouncycastle.cms.PasswordRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JcePasswordEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcePasswordRecipientInfoGenerator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EC appliance keys through the client and CA codecs, on bytes: the CertRep's envelope is KeyTrans
 * for RSA, PasswordRecipientInfo keyed by the challengePassword for EC when the CSR carried one,
 * KeyAgree ECDH to the signer certificate otherwise; the client opens each, and refuses clearly
 * what it cannot open.
 */
class ScepEcEnvelopeTest {
  private static final MessageRig RIG = new MessageRig("CN=FAC,O=Fortinet");

  private static final X500Name SUBJECT = new X500Name("CN=FGT-0001.root,O=Fortinet");
  private static final CaCaps CAPS =
      CaCaps.parse("AES\nSHA-256\nPOSTPKIOperation\nRenewal\nSCEPStandard");

  @BeforeAll
  static void pki() throws Exception {}

  /**
   * One row: the appliance key, first enrollment or renewal, the CSR's challenge, the reply's
   * envelope.
   */
  record Case(
      String name, KeyType key, boolean renewal, String challenge, RecipientKind expected) {}

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "RSA enroll: KeyTrans as ever",
                KeyType.RSA_2048,
                false,
                "s3cret",
                RecipientKind.KEY_TRANS),
            new Case(
                "RSA renewal: KeyTrans as ever",
                KeyType.RSA_2048,
                true,
                null,
                RecipientKind.KEY_TRANS),
            new Case(
                "P-256 enroll with challenge: password",
                KeyType.EC_P256,
                false,
                "s3cret",
                RecipientKind.PASSWORD),
            new Case(
                "P-256 enroll without challenge: ECDH",
                KeyType.EC_P256,
                false,
                null,
                RecipientKind.KEY_AGREE),
            new Case(
                "P-256 renewal with scep-password: password",
                KeyType.EC_P256,
                true,
                "s3cret",
                RecipientKind.PASSWORD),
            new Case(
                "P-256 renewal without challenge: ECDH",
                KeyType.EC_P256,
                true,
                null,
                RecipientKind.KEY_AGREE),
            new Case(
                "P-256 renewal with an empty challenge: ECDH",
                KeyType.EC_P256,
                true,
                "",
                RecipientKind.KEY_AGREE),
            new Case(
                "P-384 renewal without challenge: ECDH on P-384",
                KeyType.EC_P384,
                true,
                null,
                RecipientKind.KEY_AGREE),
            new Case(
                "P-521 enroll with challenge: password",
                KeyType.EC_P521,
                false,
                "s3cret",
                RecipientKind.PASSWORD),
            new Case(
                "P-521 renewal without challenge: ECDH on P-521",
                KeyType.EC_P521,
                true,
                null,
                RecipientKind.KEY_AGREE))
        .map(r -> argumentSet(r.name(), r));
  }

  @ParameterizedTest(name = "{argumentSetName}")
  @MethodSource("cases")
  void theReplyEnvelopeFitsTheSignerAndTheClientOpensIt(Case c) throws Exception {
    KeyPair signing = KeySource.jca().generate(c.key());
    KeyPair fresh = c.renewal() ? KeySource.jca().generate(c.key()) : signing;
    PKCS10CertificationRequest csr = ScepCsr.csr(fresh, SUBJECT, c.challenge());
    X509Certificate signer =
        c.renewal()
            ? TestCertificates.issue(
                ScepCsr.csr(signing, SUBJECT, null), RIG.caCert, RIG.caKey.getPrivate(), 40)
            : RIG.client.selfSignedSigner(signing, SUBJECT);
    OutboundRequest sent =
        c.renewal()
            ? RIG.client.renewalReq(csr, RIG.parties(signer, signing.getPrivate(), CAPS))
            : RIG.client.pkcsReq(csr, RIG.parties(signer, signing.getPrivate(), CAPS));

    InboundRequest in = RIG.server.decode(sent.der());
    assertEquals(signer, in.header().signer());
    assertEquals(c.challenge(), in.challengePassword());
    X509Certificate issued =
        TestCertificates.issue(in.csr(), RIG.caCert, RIG.caKey.getPrivate(), 41);
    byte[] reply = RIG.server.success(in, List.of(issued));

    RecipientInformation recipient = onlyRecipient(reply);
    assertEquals(c.expected(), RecipientKind.of(recipient));
    if (recipient instanceof PasswordRecipientInformation password) {
      PBKDF2Params kdf =
          PBKDF2Params.getInstance(password.getKeyDerivationAlgorithm().getParameters());
      assertEquals(PasswordEnvelopes.ITERATIONS, kdf.getIterationCount().intValue());
      assertEquals(PKCSObjectIdentifiers.id_hmacWithSHA256, kdf.getPrf().getAlgorithm());
      // id-alg-PWRI-KEK (RFC 3211) around AES-128: the AES key wrap of password recipients.
      assertEquals(
          PKCSObjectIdentifiers.id_alg_PWRI_KEK.getId(), password.getKeyEncryptionAlgOID());
      assertEquals(
          CMSAlgorithm.AES128_CBC,
          org.bouncycastle.asn1.x509.AlgorithmIdentifier.getInstance(
                  password.getKeyEncryptionAlgorithm().getParameters())
              .getAlgorithm());
    }
    if (recipient instanceof KeyAgreeRecipientInformation agree) {
      assertEquals(CMSAlgorithm.ECDH_SHA256KDF.getId(), agree.getKeyEncryptionAlgOID());
      assertTrue(
          agree
              .getRID()
              .match(new org.bouncycastle.cert.X509CertificateHolder(signer.getEncoded())),
          "the KeyAgree recipient names the signer certificate");
    }

    CertRep rep = RIG.open(reply, sent, signing.getPrivate());
    X509Certificate mine = PkiRequests.issuedFor(rep, fresh.getPublic());
    assertEquals(issued, mine);
    mine.verify(RIG.caCert.getPublicKey());
  }

  @Test
  void anEcCertPollReplyIsKeyAgreeAndTheClientOpensIt() throws Exception {
    KeyPair ec = KeySource.jca().generate(KeyType.EC_P256);
    X509Certificate self = RIG.client.selfSignedSigner(ec, SUBJECT);
    boolean[] usage = self.getKeyUsage();
    assertTrue(
        usage[0] && usage[4] && !usage[2], "digitalSignature and keyAgreement, no keyEncipherment");
    OutboundRequest enrol =
        RIG.client.pkcsReq(
            ScepCsr.csr(ec, SUBJECT, "s3cret"), RIG.parties(self, ec.getPrivate(), CAPS));
    PKCS10CertificationRequest held = RIG.server.decode(enrol.der()).csr();
    OutboundRequest poll =
        RIG.client
            .certPoll(
                RIG.caName(),
                SUBJECT,
                enrol.transactionId(),
                RIG.parties(self, ec.getPrivate(), CAPS))
            .withChallengePassword("s3cret");

    InboundRequest polled = RIG.server.decode(poll.der());
    byte[] reply =
        RIG.server.success(
            polled, List.of(TestCertificates.issue(held, RIG.caCert, RIG.caKey.getPrivate(), 42)));

    assertEquals(
        RecipientKind.KEY_AGREE,
        RecipientKind.of(onlyRecipient(reply)),
        "a poll carries no CSR and so no challenge: key agreement with the self-signed signer");
    CertRep rep = RIG.open(reply, poll, ec.getPrivate());
    PkiRequests.issuedFor(rep, ec.getPublic()).verify(RIG.caCert.getPublicKey());
  }

  /**
   * Opens a password envelope as the client would, but with the challenge it remembers replaced.
   */
  private ScepException openWithChallenge(String remembered) throws Exception {
    KeyPair ec = KeySource.jca().generate(KeyType.EC_P256);
    X509Certificate self = RIG.client.selfSignedSigner(ec, SUBJECT);
    OutboundRequest sent =
        RIG.client.pkcsReq(
            ScepCsr.csr(ec, SUBJECT, "s3cret"), RIG.parties(self, ec.getPrivate(), CAPS));
    InboundRequest in = RIG.server.decode(sent.der());
    byte[] reply = RIG.issue(in, 43);
    OutboundRequest forgetful = sent.withChallengePassword(remembered);
    return assertThrows(ScepException.class, () -> RIG.open(reply, forgetful, ec.getPrivate()));
  }

  @Test
  void aPasswordEnvelopeWithoutOurChallengeIsRefusedClearly() throws Exception {
    ScepException none = openWithChallenge(null);
    assertTrue(
        none.getMessage()
            .contains(
                "cannot open the pkcsPKIEnvelope: PasswordRecipientInfo: needs the"
                    + " challengePassword, and our request carried none"),
        none.getMessage());
    ScepException wrong = openWithChallenge("guess");
    assertTrue(
        wrong.getMessage().contains("cannot open the pkcsPKIEnvelope: PasswordRecipientInfo: "),
        wrong.getMessage());
  }

  @Test
  void aKeyAgreeEnvelopeForAnotherCertificateOrAnRsaKeyIsRefusedClearly() throws Exception {
    KeyPair ec = KeySource.jca().generate(KeyType.EC_P256);
    X509Certificate self = RIG.client.selfSignedSigner(ec, SUBJECT);
    OutboundRequest sent =
        RIG.client.pkcsReq(
            ScepCsr.csr(ec, SUBJECT, null), RIG.parties(self, ec.getPrivate(), CAPS));
    InboundRequest in = RIG.server.decode(sent.der());
    byte[] reply = RIG.issue(in, 44);

    KeyPair other = KeySource.jca().generate(KeyType.EC_P256);
    X509Certificate otherCert = RIG.client.selfSignedSigner(other, SUBJECT);
    OutboundRequest asOther =
        new OutboundRequest(
            sent.type(),
            sent.transactionId(),
            sent.senderNonce(),
            sent.der(),
            sent.stats(),
            otherCert,
            null);
    ScepException notOurs =
        assertThrows(ScepException.class, () -> RIG.open(reply, asOther, other.getPrivate()));
    assertTrue(
        notOurs
            .getMessage()
            .contains("KeyAgreeRecipientInfo: is for another certificate than ours"),
        notOurs.getMessage());

    ScepException rsa =
        assertThrows(
            ScepException.class,
            () ->
                RIG.open(
                    reply,
                    new OutboundRequest(
                        sent.type(),
                        sent.transactionId(),
                        sent.senderNonce(),
                        sent.der(),
                        sent.stats()),
                    RIG.caKey.getPrivate()));
    assertTrue(
        rsa.getMessage().contains("KeyAgreeRecipientInfo: needs an EC key, ours is RSA"),
        rsa.getMessage());
  }

  @Test
  void ourPasswordEnvelopesOpenWithPlainBouncyCastleAndTheirsWithUs() throws Exception {
    byte[] content = "certs-only".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    SecureRandom random = new SecureRandom();
    // Ours, PBKDF2 on the JDK, opened by BouncyCastle alone: the derivations agree.
    byte[] ours =
        CmsLayers.envelope(
            content,
            PasswordEnvelopes.generator("pässwort", random),
            ContentCipher.AES_128_CBC,
            random);
    RecipientInformation info =
        new CMSEnvelopedData(ours).getRecipientInfos().getRecipients().iterator().next();
    assertArrayEquals(
        content,
        info.getContent(
            new JcePasswordEnvelopedRecipient("pässwort".toCharArray())
                .setProvider(CmsLayers.bouncyCastle())));

    // BouncyCastle's, with its default PRF (HMAC-SHA1) and with HMAC-SHA256, opened by us.
    for (PasswordRecipient.PRF prf :
        List.of(PasswordRecipient.PRF.HMacSHA1, PasswordRecipient.PRF.HMacSHA256)) {
      byte[] theirs = bouncyCastlePasswordEnvelope(content, "pässwort", prf, 2048);
      assertArrayEquals(
          content,
          ReplyEnvelopes.open(
              new CMSEnvelopedData(theirs), null, RIG.caKey.getPrivate(), "pässwort"));
    }
  }

  @Test
  void aPasswordEnvelopeAskingTooManyIterationsIsRefusedBeforeDerivingAnything() throws Exception {
    byte[] costly =
        bouncyCastlePasswordEnvelope(
            new byte[16],
            "s3cret",
            PasswordRecipient.PRF.HMacSHA256,
            PasswordEnvelopes.MAX_ITERATIONS + 1);
    SignedPkiMessage.EnvelopeException e =
        assertThrows(
            SignedPkiMessage.EnvelopeException.class,
            () ->
                ReplyEnvelopes.open(
                    new CMSEnvelopedData(costly), null, RIG.caKey.getPrivate(), "s3cret"));
    assertTrue(
        e.getMessage()
            .contains(
                "PBKDF2 iteration count "
                    + (PasswordEnvelopes.MAX_ITERATIONS + 1)
                    + " is outside 1.."
                    + PasswordEnvelopes.MAX_ITERATIONS),
        e.getMessage());
  }

  @Test
  void anEcGetCertIsAnsweredWithKeyAgreeToItsSigner() throws Exception {
    KeyPair ec = KeySource.jca().generate(KeyType.EC_P384);
    X509Certificate current =
        TestCertificates.issue(
            ScepCsr.csr(ec, SUBJECT, null), RIG.caCert, RIG.caKey.getPrivate(), 45);
    OutboundRequest get =
        RIG.client.getCert(
            RIG.caName(), current.getSerialNumber(), RIG.parties(current, ec.getPrivate(), CAPS));
    InboundRequest in = RIG.server.decode(get.der());
    IssuerAndSerialNumber asked = in.issuerAndSerial();
    assertEquals(current.getSerialNumber(), asked.getSerialNumber().getValue());

    CertRep rep = RIG.open(RIG.server.success(in, List.of(current)), get, ec.getPrivate());
    assertEquals(List.of(current), rep.certificates());
  }

  private static RecipientInformation onlyRecipient(byte[] certRep) throws Exception {
    byte[] envelope = (byte[]) new CMSSignedData(certRep).getSignedContent().getContent();
    var recipients = new CMSEnvelopedData(envelope).getRecipientInfos().getRecipients();
    assertEquals(1, recipients.size());
    return recipients.iterator().next();
  }

  private static byte[] bouncyCastlePasswordEnvelope(
      byte[] content, String password, PasswordRecipient.PRF prf, int iterations) throws Exception {
    CMSEnvelopedDataGenerator g = new CMSEnvelopedDataGenerator();
    g.addRecipientInfoGenerator(
        new JcePasswordRecipientInfoGenerator(CMSAlgorithm.AES128_CBC, password.toCharArray())
            .setProvider(CmsLayers.bouncyCastle())
            .setPRF(prf)
            .setSaltAndIterationCount(new byte[16], iterations));
    return g.generate(
            new CMSProcessableByteArray(content),
            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).build())
        .getEncoded();
  }
}
