package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.cmp.CmpException;
import org.fwsim.firmware.cmp.CmpInbound;
import org.fwsim.firmware.cmp.CmpMessages;
import org.fwsim.firmware.cmp.CmpProtection;
import org.fwsim.firmware.cmp.CmpReply;
import org.fwsim.firmware.cmp.CmpRequests;
import org.fwsim.firmware.cmp.CmpTrust;
import org.fwsim.hal.testing.SteppedClock;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CA's CMP side on bytes, against the appliance's own message code: the IR/certConf and KUR
 * exchanges, and each refusal with its PKIFailureInfo.
 */
class CmpResponderTest {

  private static final String SECRET = "s3cret";
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final CmpRequests requests = new CmpRequests(clock);
  private final X500Name subject = new X500Name("CN=fgt-cmp,O=fwsim");
  private ScepCa ca;
  private CmpResponder cmp;
  private CmpTrust anchors;

  @BeforeEach
  void setUp() {
    ca = ScepCa.builder().clock(clock).challenge(SECRET).workers(1).build();
    cmp = ca.cmp();
    anchors = new CmpTrust(null, List.of(ca.material().rootCert()));
  }

  private CmpProtection.Mac mac(String secret) {
    return new CmpProtection.Mac("fgt-user", secret.toCharArray());
  }

  private CmpTrust macTrust() {
    return new CmpTrust(SECRET.toCharArray(), List.of(ca.material().rootCert()));
  }

  /** IR then certConf: the issued certificate, confirmed. */
  private CmpReply.Issued enroll(KeyPair key) throws CmpException {
    CmpRequests.Sent ir = requests.ir(subject, key, mac(SECRET), CmpRequests.nullDn());
    CmpReply.Issued ip =
        assertInstanceOf(
            CmpReply.Issued.class,
            CmpReply.read(cmp.answer(ir.der()).body(), ir, macTrust(), clock.instant()));
    CmpRequests.Sent conf = requests.certConf(ir, ip.certificate(), ip.caNonce());
    assertInstanceOf(
        CmpReply.Confirmed.class,
        CmpReply.read(cmp.answer(conf.der()).body(), conf, macTrust(), clock.instant()));
    return ip;
  }

  /** A KUR for a new EC key, signed with {@code current}, the key of {@code ip}'s certificate. */
  private CmpRequests.Sent kur(CmpReply.Issued ip, KeyPair current) throws CmpException {
    return requests.update(
        true,
        TestCertificates.ecKeyPair(),
        ip.certificate(),
        current.getPrivate(),
        CmpRequests.nullDn());
  }

  /** A certificate from another CA than this one. */
  private static TestCertificates.Issued foreign() {
    return TestCertificates.leaf("fgt-cmp", TestCertificates.rootCa("Other CA"));
  }

  /** {@code sent} as sent again in {@code der} with {@code nonce}, under {@code protection}. */
  private static CmpRequests.Sent resent(
      CmpRequests.Sent sent, byte[] der, byte[] nonce, CmpProtection protection) {
    return new CmpRequests.Sent(
        der,
        sent.bodyType(),
        sent.answerType(),
        sent.transactionId(),
        nonce,
        sent.sender(),
        sent.recipient(),
        protection);
  }

  private CmpReply.Rejected rejected(CmpRequests.Sent sent, CmpTrust trust) throws CmpException {
    return assertInstanceOf(
        CmpReply.Rejected.class,
        CmpReply.read(cmp.answer(sent.der()).body(), sent, trust, clock.instant()));
  }

  @Test
  void irWithTheSharedSecretIsIssuedAndConfirmed() throws Exception {
    KeyPair key = TestCertificates.ecKeyPair();
    CmpReply.Issued ip = enroll(key);
    assertEquals(
        subject, X500Name.getInstance(ip.certificate().getSubjectX500Principal().getEncoded()));
    assertArrayEquals(key.getPublic().getEncoded(), ip.certificate().getPublicKey().getEncoded());
    assertEquals(List.of(ca.material().rootCert()), ip.caPubs());
    assertEquals(0, cmp.awaitingConfirmation());
    assertEquals(1, ca.certificates().size());
  }

  @Test
  void kurSignedWithTheIssuedCertificateKeepsTheSubject() throws Exception {
    KeyPair first = TestCertificates.ecKeyPair();
    CmpReply.Issued ip = enroll(first);
    KeyPair second = TestCertificates.rsaKeyPair();
    CmpRequests.Sent kur =
        requests.update(true, second, ip.certificate(), first.getPrivate(), CmpRequests.nullDn());
    CmpReply.Issued kup =
        assertInstanceOf(
            CmpReply.Issued.class,
            CmpReply.read(cmp.answer(kur.der()).body(), kur, anchors, clock.instant()));
    assertEquals(
        ip.certificate().getSubjectX500Principal(), kup.certificate().getSubjectX500Principal());
    assertTrue(kup.caPubs().isEmpty(), "caPubs only in an ip");
  }

  @Test
  void anIrSignedByACertificateTheCaIssuedIsGrantedUnderItsSignature() throws Exception {
    KeyPair first = TestCertificates.ecKeyPair();
    CmpReply.Issued ip = enroll(first);
    KeyPair other = TestCertificates.rsaKeyPair();
    X500Name second = new X500Name("CN=fgt-cmp-2,O=fwsim");
    CmpRequests.Sent ir =
        requests.ir(
            second,
            other,
            new CmpProtection.Signature(first.getPrivate(), List.of(ip.certificate())),
            CmpRequests.nullDn());
    // No shared secret on the client's side: the CA's signature must chain to the root.
    CmpReply.Issued signed =
        assertInstanceOf(
            CmpReply.Issued.class,
            CmpReply.read(cmp.answer(ir.der()).body(), ir, anchors, clock.instant()));
    assertEquals(
        second, X500Name.getInstance(signed.certificate().getSubjectX500Principal().getEncoded()));
    assertEquals(other.getPublic(), signed.certificate().getPublicKey());

    TestCertificates.Issued foreign = foreign();
    CmpRequests.Sent stranger =
        requests.ir(
            second,
            TestCertificates.rsaKeyPair(),
            new CmpProtection.Signature(foreign.privateKey(), List.of(foreign.certificate())),
            CmpRequests.nullDn());
    assertEquals("signerNotTrusted", rejected(stranger, anchors).failInfo());
    assertEquals(2, ca.certificates().size());
  }

  @Test
  void aWrongSecretIsBadMessageCheckSignedByTheCa() throws Exception {
    CmpRequests.Sent ir =
        requests.ir(subject, TestCertificates.ecKeyPair(), mac("wrong"), CmpRequests.nullDn());
    // The CA cannot MAC with a secret it does not share: its signature vouches for the error.
    CmpReply.Rejected r = rejected(ir, anchors);
    assertEquals("badMessageCheck", r.failInfo());
    assertEquals(0, ca.certificates().size());
  }

  @Test
  void aReplayedRequestIsBadSenderNonce() throws Exception {
    CmpRequests.Sent ir =
        requests.ir(subject, TestCertificates.ecKeyPair(), mac(SECRET), CmpRequests.nullDn());
    cmp.answer(ir.der());
    assertEquals("badSenderNonce", rejected(ir, macTrust()).failInfo());
    assertEquals(1, ca.certificates().size(), "the replay issued nothing");
  }

  @Test
  void aKurSignedByAForeignCertificateIsSignerNotTrusted() throws Exception {
    TestCertificates.Issued foreign = foreign();
    CmpRequests.Sent kur =
        requests.update(
            true,
            TestCertificates.ecKeyPair(),
            foreign.certificate(),
            foreign.privateKey(),
            CmpRequests.nullDn());
    assertEquals("signerNotTrusted", rejected(kur, anchors).failInfo());
    assertEquals(0, ca.certificates().size());
  }

  @Test
  void aKurProtectedByTheSharedSecretIsWrongIntegrity() throws Exception {
    KeyPair first = TestCertificates.ecKeyPair();
    CmpReply.Issued ip = enroll(first);
    CmpRequests.Sent signed = kur(ip, first);
    // The same KUR body, MAC-protected instead of signed by the certificate it updates.
    CmpInbound parsed = CmpInbound.parse(signed.der());
    byte[] nonce = CmpMessages.nonce();
    CmpMessages.Header h =
        new CmpMessages.Header(
            2,
            parsed.header().getSender(),
            CmpRequests.nullDn(),
            signed.transactionId(),
            nonce,
            null,
            java.util.Date.from(clock.instant()),
            List.of());
    CmpRequests.Sent mac =
        resent(signed, CmpMessages.encode(h, parsed.body(), mac(SECRET)), nonce, mac(SECRET));
    assertEquals("wrongIntegrity", rejected(mac, macTrust()).failInfo());
    assertEquals(1, ca.certificates().size());
  }

  @Test
  void thePendingFaultShareHoldsRequestsAsManualApprovalDoes() throws Exception {
    ca.setFaults(CaFaults.NONE.withPendingFraction(1)); // the storm's --pending-ratio 1
    CmpRequests.Sent ir =
        requests.ir(subject, TestCertificates.ecKeyPair(), mac(SECRET), CmpRequests.nullDn());
    assertInstanceOf(
        CmpReply.Waiting.class,
        CmpReply.read(cmp.answer(ir.der()).body(), ir, macTrust(), clock.instant()));
    assertEquals(CmpMessages.hex(ir.transactionId()), ca.approvals().list().get(0).transactionId());
    assertEquals(0, ca.certificates().size());

    ca.setFaults(CaFaults.NONE);
    enroll(TestCertificates.ecKeyPair()); // no share: issued at once
    assertEquals(1, ca.certificates().size());
  }

  @Test
  void aHeldIrIsAnsweredWaitingThenPollRepUntilApprovedThenGranted() throws Exception {
    ca.approvals().setManual(true);
    KeyPair key = TestCertificates.ecKeyPair();
    CmpRequests.Sent ir = requests.ir(subject, key, mac(SECRET), CmpRequests.nullDn());
    CmpReply.Waiting waiting =
        assertInstanceOf(
            CmpReply.Waiting.class,
            CmpReply.read(cmp.answer(ir.der()).body(), ir, macTrust(), clock.instant()));
    assertEquals(null, waiting.checkAfter(), "an ip with status waiting names no time");
    String tx = CmpMessages.hex(ir.transactionId());
    assertEquals(tx, ca.approvals().list().get(0).transactionId());
    assertEquals("CN=fgt-cmp,O=fwsim", ca.approvals().list().get(0).subject());

    CmpRequests.Sent poll = requests.pollReq(ir, waiting.caNonce());
    CmpReply.Waiting rep =
        assertInstanceOf(
            CmpReply.Waiting.class,
            CmpReply.read(cmp.answer(poll.der()).body(), poll, macTrust(), clock.instant()));
    assertEquals(CmpResponder.CHECK_AFTER, rep.checkAfter());
    assertEquals("waiting for approval", rep.reason());
    assertEquals(0, ca.certificates().size(), "nothing issued before the approval");

    assertTrue(ca.approvals().approve(tx));
    CmpRequests.Sent again = requests.pollReq(ir, rep.caNonce());
    CmpReply.Issued ip =
        assertInstanceOf(
            CmpReply.Issued.class,
            CmpReply.read(cmp.answer(again.der()).body(), again, macTrust(), clock.instant()));
    assertEquals(key.getPublic(), ip.certificate().getPublicKey());
    assertEquals(List.of(ca.material().rootCert()), ip.caPubs());
    CmpRequests.Sent conf = requests.certConf(ir, ip.certificate(), ip.caNonce());
    assertInstanceOf(
        CmpReply.Confirmed.class,
        CmpReply.read(cmp.answer(conf.der()).body(), conf, macTrust(), clock.instant()));
    assertTrue(ca.approvals().list().isEmpty());
    CmpRequests.Sent late = requests.pollReq(ir, ip.caNonce());
    assertEquals("badRequest", rejected(late, macTrust()).failInfo(), "nothing waits any more");
  }

  @Test
  void aPollForAHeldKurMustBeSignedByTheSameCertificate() throws Exception {
    KeyPair first = TestCertificates.ecKeyPair();
    CmpReply.Issued ip = enroll(first);
    ca.approvals().setManual(true);
    CmpRequests.Sent kur = kur(ip, first);
    CmpReply.Waiting waiting =
        assertInstanceOf(
            CmpReply.Waiting.class,
            CmpReply.read(cmp.answer(kur.der()).body(), kur, anchors, clock.instant()));
    // The same transaction polled under the MAC instead of the signature that asked.
    CmpRequests.Sent asMac = resent(kur, kur.der(), kur.senderNonce(), mac(SECRET));
    CmpRequests.Sent poll = requests.pollReq(asMac, waiting.caNonce());
    assertEquals("wrongIntegrity", rejected(poll, macTrust()).failInfo());
    assertEquals(1, ca.approvals().list().size(), "the request still waits");
  }

  @Test
  void certConfWithoutATransactionIsBadRequest() throws Exception {
    KeyPair key = TestCertificates.ecKeyPair();
    CmpReply.Issued ip = enroll(key);
    CmpRequests.Sent ir = requests.ir(subject, key, mac(SECRET), CmpRequests.nullDn());
    CmpRequests.Sent stray = requests.certConf(ir, ip.certificate(), new byte[16]);
    assertEquals("badRequest", rejected(stray, macTrust()).failInfo());
  }

  @Test
  void certConfNotAnsweringOurNonceIsBadRecipientNonce() throws Exception {
    KeyPair key = TestCertificates.ecKeyPair();
    CmpRequests.Sent ir = requests.ir(subject, key, mac(SECRET), CmpRequests.nullDn());
    CmpReply.Issued ip =
        (CmpReply.Issued)
            CmpReply.read(cmp.answer(ir.der()).body(), ir, macTrust(), clock.instant());
    CmpRequests.Sent wrong = requests.certConf(ir, ip.certificate(), new byte[16]);
    assertEquals("badRecipientNonce", rejected(wrong, macTrust()).failInfo());
    assertEquals(1, cmp.awaitingConfirmation(), "the real certConf may still come");
    CmpRequests.Sent right = requests.certConf(ir, ip.certificate(), ip.caNonce());
    assertInstanceOf(
        CmpReply.Confirmed.class,
        CmpReply.read(cmp.answer(right.der()).body(), right, macTrust(), clock.instant()));
  }

  @Test
  void aStaleMessageTimeIsBadTime() throws Exception {
    CmpRequests old = new CmpRequests(new SteppedClock(clock.instant().minus(Duration.ofDays(3))));
    CmpRequests.Sent ir =
        old.ir(subject, TestCertificates.ecKeyPair(), mac(SECRET), CmpRequests.nullDn());
    assertEquals("badTime", rejected(ir, macTrust()).failInfo());
  }

  @Test
  void bytesThatAreNoPkiMessageAreBadDataFormat() {
    PkiAnswer a = cmp.answer(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});
    assertEquals(200, a.httpStatus());
    assertEquals("ERROR badDataFormat", a.result());
    assertEquals("ERROR badDataFormat", cmp.answer(new byte[0]).result());
  }
}
