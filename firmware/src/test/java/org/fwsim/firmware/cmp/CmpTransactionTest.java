package org.fwsim.firmware.cmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cmp.PollRepContent;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.crmf.CertificateRepMessageBuilder;
import org.bouncycastle.cert.crmf.CertificateReqMessages;
import org.bouncycastle.cert.crmf.CertificateResponseBuilder;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.testing.SteppedClock;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/**
 * The client's transaction on values: a scripted CA answers over a transport without sockets, on a
 * direct mailbox. Each way an answer can be wrong ends the transaction with its kind, and nothing
 * is issued unless the CA took the certConf.
 */
class CmpTransactionTest {

  private static final String SECRET = "s3cret";
  private final SteppedClock clock = new SteppedClock(TestCertificates.NOW);
  private final TestCertificates.Issued root = TestCertificates.rootCa("Scripted CMP CA");
  private final KeyPair key = TestCertificates.rsaKeyPair();
  private final List<String> trace = new ArrayList<>();
  private final Egress egress =
      new Egress(
          "port1",
          3,
          Ip4.parse("192.168.1.99"),
          Ip4.ANY,
          Ip4.ANY,
          Ip4.parse("10.5.149.111"),
          InterfaceSelectMethod.AUTO,
          "test");

  /** The CA that signs the certificate issued; the trusted root by default. */
  private TestCertificates.Issued issuer = root;

  /** What the scripted CA does to its ip before sending it; identity by default. */
  private UnaryOperator<CmpMessages.Header> tamper = h -> h;

  private byte[] caNonce;

  /** Answers of {@code waiting} (to the IR, then pollRep to each pollReq) before the ip. */
  private int waits;

  /** The IR's template key, kept for an ip that answers a pollReq. */
  private java.security.PublicKey requested;

  /** The delays the transaction asked to be called back after, on the stepped clock. */
  private final List<Duration> polledAfter = new ArrayList<>();

  /**
   * The scripted CA: an ip for the template's key under the shared secret's MAC (after {@link
   * #waits} waiting answers), then pkiConf.
   */
  private CompletableFuture<byte[]> answer(byte[] der) {
    try {
      CmpInbound in = CmpInbound.parse(der);
      ProtectedPKIMessage m = in.protectedMessage();
      CmpChecks.verifyMac(m, SECRET.toCharArray());
      PKIBody body;
      if (in.bodyType() == PKIBody.TYPE_INIT_REQ) {
        var req = CertificateReqMessages.fromPKIBody(in.body()).getRequests()[0];
        requested = CmpChecks.publicKey(req.getCertTemplate().getPublicKey());
      }
      if (in.bodyType() == PKIBody.TYPE_INIT_REQ && waits > 0) {
        waits--;
        body =
            new PKIBody(
                PKIBody.TYPE_INIT_REP,
                new CertificateRepMessageBuilder()
                    .addCertificateResponse(
                        new CertificateResponseBuilder(
                                new ASN1Integer(0), new PKIStatusInfo(PKIStatus.waiting))
                            .build())
                    .build()
                    .toASN1Structure());
      } else if (in.bodyType() == PKIBody.TYPE_POLL_REQ && waits > 0) {
        waits--;
        body =
            new PKIBody(
                PKIBody.TYPE_POLL_REP, new PollRepContent(new ASN1Integer(0), new ASN1Integer(45)));
      } else if (in.bodyType() == PKIBody.TYPE_INIT_REQ || in.bodyType() == PKIBody.TYPE_POLL_REQ) {
        X509Certificate cert =
            TestCertificates.issued(
                "CN=fgt-cmp",
                requested,
                issuer.certificate(),
                issuer.privateKey(),
                KeyUsage.digitalSignature);
        body =
            new PKIBody(
                PKIBody.TYPE_INIT_REP,
                new CertificateRepMessageBuilder(
                        new X509CertificateHolder(root.certificate().getEncoded()))
                    .addCertificateResponse(
                        new CertificateResponseBuilder(
                                new ASN1Integer(0), new PKIStatusInfo(PKIStatus.granted))
                            .withCertificate(new X509CertificateHolder(cert.getEncoded()))
                            .build())
                    .build()
                    .toASN1Structure());
      } else {
        body = new PKIBody(PKIBody.TYPE_CONFIRM, DERNull.INSTANCE);
      }
      caNonce = CmpMessages.nonce();
      CmpMessages.Header h =
          tamper.apply(
              new CmpMessages.Header(
                  2,
                  new GeneralName(new X500Name("CN=Scripted CMP CA")),
                  in.header().getSender(),
                  in.transactionId(),
                  caNonce,
                  in.senderNonce(),
                  Date.from(clock.instant()),
                  List.of()));
      return CompletableFuture.completedFuture(
          CmpMessages.encode(h, body, new CmpProtection.Mac("ca", SECRET.toCharArray())));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CmpResult run(CmpTransport transport) {
    DebugControl debug = new DebugControl(clock, trace::add);
    debug.application(DebugApplication.CMP, -1);
    debug.enable();
    CmpEnrollment e =
        new CmpEnrollment(
            "FGT_CMP",
            "root",
            CmpServer.parse("10.5.149.111:80", "pkix/"),
            CmpEnrollment.Kind.IR,
            new X500Name("CN=fgt-cmp"),
            KeyType.of(key.getPublic()),
            new CmpProtection.Mac("fgt-user", SECRET.toCharArray()),
            null,
            List.of(root.certificate()),
            Ip4.ANY);
    CompletableFuture<CmpResult> done =
        new CmpTransaction(
                new CmpContext(
                    Runnable::run,
                    (delay, task) -> {
                      polledAfter.add(delay);
                      clock.step(delay);
                      task.run();
                    },
                    clock,
                    transport,
                    new CmpTrace(debug.trace(DebugApplication.CMP)),
                    new CmpRequests(clock),
                    Duration.ofSeconds(30)),
                e,
                egress,
                key)
            .start();
    assertTrue(done.isDone(), "a direct mailbox and transport finish at once");
    return done.join();
  }

  @Test
  void irThenCertConfIssuesAChainToTheTrustedCa() {
    CmpResult.Issued r =
        assertInstanceOf(CmpResult.Issued.class, run((s, eg, der, t) -> answer(der)));
    assertEquals(List.of(root.certificate()), r.caPubs());
    assertEquals(key.getPublic(), r.certificate().getPublicKey());
    assertTrue(
        trace.stream().anyMatch(l -> l.startsWith("cmp_recv_msg()-251: received pkiConf")),
        trace::toString);
    assertTrue(trace.stream().noneMatch(l -> l.contains(SECRET)), "never the secret");
  }

  @Test
  void aWaitingCaIsPolledAtItsCheckAfterOnTheClockUntilItIssues() {
    waits = 3; // waiting ip, then two pollReps of 45 s, then the ip with the certificate
    java.time.Instant start = clock.instant();
    CmpResult.Issued r =
        assertInstanceOf(CmpResult.Issued.class, run((s, eg, der, t) -> answer(der)));
    assertEquals(key.getPublic(), r.certificate().getPublicKey());
    assertEquals(
        List.of(CmpTransaction.FIRST_POLL, Duration.ofSeconds(45), Duration.ofSeconds(45)),
        polledAfter);
    assertEquals(start.plusSeconds(30 + 45 + 45), clock.instant());
    assertEquals(
        3, trace.stream().filter(l -> l.startsWith("cmp_send_msg()-205: sending pollReq")).count());
    assertTrue(
        trace.stream().anyMatch(l -> l.startsWith("cmp_poll()-290: CA holds the request")),
        trace::toString);
    assertTrue(
        trace.stream().anyMatch(l -> l.startsWith("cmp_recv_msg()-251: received pollRep")),
        trace::toString);
  }

  @Test
  void aCaThatNeverIssuesIsGivenUpAfterTheLastPoll() {
    waits = Integer.MAX_VALUE;
    CmpResult.Failed f =
        assertInstanceOf(CmpResult.Failed.class, run((s, eg, der, t) -> answer(der)));
    assertEquals(CmpResult.Kind.TIMEOUT, f.kind());
    assertEquals(CmpTransaction.MAX_POLLS, polledAfter.size());
  }

  @Test
  void aTamperedRecipNonceIsABadReply() {
    tamper = h -> withIds(h, h.transactionId(), CmpMessages.nonce());
    CmpResult.Failed f =
        assertInstanceOf(CmpResult.Failed.class, run((s, eg, der, t) -> answer(der)));
    assertEquals(CmpResult.Kind.BAD_REPLY, f.kind());
    assertEquals("badRecipientNonce", f.failInfo());
  }

  @Test
  void anAnswerForAnotherTransactionIsABadReply() {
    tamper = h -> withIds(h, CmpMessages.nonce(), h.recipNonce());
    CmpResult.Failed f =
        assertInstanceOf(CmpResult.Failed.class, run((s, eg, der, t) -> answer(der)));
    assertEquals(CmpResult.Kind.BAD_REPLY, f.kind());
  }

  @Test
  void aCertificateNotChainingToTheTrustedCaIsUntrusted() {
    TestCertificates.Issued other = TestCertificates.rootCa("Other CA");
    CmpResult.Failed f =
        assertInstanceOf(
            CmpResult.Failed.class,
            run(
                (s, eg, der, t) -> {
                  issuer = other; // the same answers, the certificate from another root
                  return answer(der);
                }));
    assertEquals(CmpResult.Kind.UNTRUSTED, f.kind());
  }

  @Test
  void transportFailuresKeepTheirKind() {
    CmpResult.Failed f =
        assertInstanceOf(
            CmpResult.Failed.class,
            run(
                (s, eg, der, t) ->
                    CompletableFuture.failedFuture(
                        new CmpTransportException(
                            CmpTransportException.Reason.TIMEOUT, 0, "no answer in time", null))));
    assertEquals(CmpResult.Kind.TIMEOUT, f.kind());
    f =
        assertInstanceOf(
            CmpResult.Failed.class,
            run((s, eg, der, t) -> CompletableFuture.completedFuture(new byte[] {0x30, 0x00})));
    assertEquals(CmpResult.Kind.BAD_REPLY, f.kind());
    assertEquals("badDataFormat", f.failInfo());
  }

  /** {@code h} with another transactionID and recipNonce. */
  private static CmpMessages.Header withIds(CmpMessages.Header h, byte[] tx, byte[] recipNonce) {
    return new CmpMessages.Header(
        h.pvno(),
        h.sender(),
        h.recipient(),
        tx,
        h.senderNonce(),
        recipNonce,
        h.messageTime(),
        h.generalInfo());
  }
}
