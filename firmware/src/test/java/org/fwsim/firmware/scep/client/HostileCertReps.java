package org.fwsim.firmware.scep.client;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.PkiReplies;
import org.fwsim.firmware.scep.message.RequestHeader;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.hal.testing.TestCertificates;

/**
 * CertReps a hostile or broken CA sends an appliance, each built with the firmware's own codec
 * (BouncyCastle CMS underneath) so that exactly one thing is wrong with it. Shared by the client's
 * and the appliance's tables of bad replies.
 */
public final class HostileCertReps {

  private static final long SERIAL = 9_001;

  private HostileCertReps() {}

  /** Signed by another CA's key and certificate, which the appliance never got from GetCACert. */
  public static TestScepResponder.PkiAnswer signedBy(X509Certificate otherCa, KeyPair otherKey) {
    return (req, ca) -> {
      PkiReplies impostor =
          new PkiReplies(
              ca.caCert,
              ca.key(),
              otherCa,
              otherKey.getPrivate(),
              List.of(),
              InstantSource.fixed(TestCertificates.NOW),
              new SecureRandom());
      return impostor.success(
          req, List.of(TestCertificates.issue(req.csr(), otherCa, otherKey.getPrivate(), SERIAL)));
    };
  }

  /**
   * A certificate for the appliance's CSR, but in an envelope for another key (a self-signed
   * stranger), so the appliance cannot open it.
   */
  public static TestScepResponder.PkiAnswer encryptedToAnotherRecipient() {
    return (req, ca) -> {
      KeyPair stranger = TestCertificates.rsaKeyPair();
      X509Certificate strangerCert = TestCertificates.scepCa("CN=stranger", stranger);
      RequestHeader h = req.header();
      InboundRequest forStranger =
          with(req, new RequestHeader(h.type(), h.transactionId(), h.senderNonce(), strangerCert));
      return ca.codec.success(forStranger, List.of(issued(req.csr(), ca)));
    };
  }

  /** A good certificate, but the CertRep echoes another senderNonce (a replayed reply). */
  public static TestScepResponder.PkiAnswer replayedRecipientNonce() {
    return (req, ca) -> {
      RequestHeader h = req.header();
      InboundRequest other =
          with(req, new RequestHeader(h.type(), h.transactionId(), new byte[16], h.signer()));
      return ca.codec.success(other, List.of(issued(req.csr(), ca)));
    };
  }

  /** A good certificate, but the CertRep names another transaction (a replayed reply). */
  public static TestScepResponder.PkiAnswer replayedTransactionId() {
    return (req, ca) -> {
      RequestHeader h = req.header();
      InboundRequest other =
          with(
              req,
              new RequestHeader(
                  h.type(), "0123456789ABCDEF0123456789ABCDEF", h.senderNonce(), h.signer()));
      return ca.codec.success(other, List.of(issued(req.csr(), ca)));
    };
  }

  /** FAILURE with {@code failInfo} and a text, as a CA that refuses the request answers. */
  public static TestScepResponder.PkiAnswer failure(FailInfo failInfo, String text) {
    return (req, ca) -> ca.codec.failure(req.header(), failInfo, text);
  }

  /** The CA's own certificate, but for a key the appliance does not hold. */
  public static TestScepResponder.PkiAnswer certificateForAnotherKey() {
    return (req, ca) -> {
      KeyPair other = TestCertificates.rsaKeyPair();
      PKCS10CertificationRequest csr = ScepCsr.csr(other, req.csr().getSubject(), null);
      return ca.codec.success(req, List.of(issued(csr, ca)));
    };
  }

  /** The CA's own certificate for the appliance's key, but with a subject it did not ask for. */
  public static TestScepResponder.PkiAnswer certificateWithAnotherSubject() {
    return (req, ca) -> {
      X509Certificate admin =
          TestCertificates.builder()
              .csr(req.csr())
              .subject("CN=admin")
              .issuedBy(ca.caCert, ca.key())
              .serial(SERIAL)
              .build()
              .certificate();
      return ca.codec.success(req, List.of(admin));
    };
  }

  /** Signed by the CA, but the certificate inside is issued by another CA. */
  public static TestScepResponder.PkiAnswer certificateFromAnotherCa(
      X509Certificate otherCa, KeyPair otherKey) {
    return (req, ca) ->
        ca.codec.success(
            req,
            List.of(TestCertificates.issue(req.csr(), otherCa, otherKey.getPrivate(), SERIAL)));
  }

  private static X509Certificate issued(PKCS10CertificationRequest csr, TestScepResponder ca) {
    return TestCertificates.issue(csr, ca.caCert, ca.key(), SERIAL);
  }

  private static InboundRequest with(InboundRequest req, RequestHeader header) {
    return new InboundRequest(
        header,
        req.csr(),
        req.pollIssuer(),
        req.pollSubject(),
        req.issuerAndSerial(),
        req.signingTime(),
        req.contentCipher(),
        req.challengePassword());
  }
}
