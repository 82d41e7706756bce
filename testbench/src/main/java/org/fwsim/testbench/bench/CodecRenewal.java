package org.fwsim.testbench.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.scep.message.CaCaps;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.CertRep;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.OutboundRequest;
import org.fwsim.firmware.scep.message.PkiReplies;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.RequestParties;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.firmware.scep.message.ScepException;
import org.fwsim.testbench.ca.CertificateIssuer;

/**
 * One whole renewal through the firmware's and the CA's message code, with no IO: the appliance
 * builds the CSR and the RenewalReq, the CA verifies, decrypts, checks the CSR, issues and answers,
 * the appliance verifies and opens the CertRep. What an in-process renewal costs without HTTP.
 */
final class CodecRenewal implements RenewalWork {

  /**
   * Everything shared by the threads: immutable CA material, the appliance's keys, and the
   * challengePassword its renewal CSR carries (null for none), which makes an EC reply
   * password-based rather than key agreement.
   */
  record Setup(
      BoundKeys keys,
      X509Certificate caCert,
      X509Certificate currentCert,
      CaCertificates caCertificates,
      CaCaps caps,
      InstantSource clock,
      AtomicLong serials,
      String challenge) {

    static Setup create(BoundKeys keys, CryptoBound.ReplyEnvelope envelope, Instant now) {
      InstantSource clock = InstantSource.fixed(now);
      AtomicLong serials = new AtomicLong(1000);
      X500Name caName = new X500Name("O=fwsim,OU=testbench,CN=fwsim crypto-bound CA");
      try {
        X509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                    caName,
                    BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))),
                    caName,
                    keys.ca().getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(
                        KeyUsage.keyCertSign
                            | KeyUsage.cRLSign
                            | KeyUsage.digitalSignature
                            | KeyUsage.keyEncipherment));
        X509Certificate ca = sign(b, keys.ca().getPrivate());
        X509Certificate current =
            issue(
                caName,
                keys.ca().getPrivate(),
                serials.incrementAndGet(),
                SUBJECT,
                SubjectPublicKeyInfo.getInstance(keys.current().getPublic().getEncoded()),
                now);
        return new Setup(
            keys,
            ca,
            current,
            CaCertificates.of(List.of(ca)),
            CaCaps.of("AES", "POSTPKIOperation", "Renewal", "SHA-256", "SCEPStandard"),
            clock,
            serials,
            envelope == CryptoBound.ReplyEnvelope.PASSWORD ? BoundKeys.CHALLENGE : null);
      } catch (Exception e) {
        throw new IllegalStateException("cannot set up the codec renewal: " + e.getMessage(), e);
      }
    }
  }

  static final X500Name SUBJECT = new X500Name("CN=FGT-00000.root");

  private final Setup setup;
  private final PkiRequests client;
  private final PkiReplies server;
  private final X500Name caName;
  private final PrivateKey caKey;

  CodecRenewal(Setup setup) {
    this.setup = setup;
    SecureRandom random = new SecureRandom();
    this.client = new PkiRequests(setup.clock(), random);
    this.caKey = setup.keys().ca().getPrivate();
    this.server = PkiReplies.ofCa(setup.caCert(), caKey, setup.clock(), random);
    this.caName = X500Name.getInstance(setup.caCert().getSubjectX500Principal().getEncoded());
  }

  @Override
  public long renewOnce() throws Exception {
    return renew().getSerialNumber().longValue();
  }

  /** One renewal; returns the certificate the appliance accepted for its new key. */
  X509Certificate renew() throws ScepException, GeneralSecurityException {
    KeyPair fresh = setup.keys().fresh();
    KeyPair current = setup.keys().current();
    // Appliance: CSR with the new key, RenewalReq signed with the current certificate.
    PKCS10CertificationRequest csr = ScepCsr.csr(fresh, SUBJECT, setup.challenge());
    OutboundRequest request =
        client.renewalReq(
            csr,
            new RequestParties(
                setup.currentCert(), current.getPrivate(), setup.caCertificates(), setup.caps()));
    // CA: authenticate (signature, envelope, proof of possession), check the renewing certificate
    // is one of ours, issue, answer.
    InboundRequest inbound = server.decode(request.der());
    inbound.header().signer().verify(setup.caCert().getPublicKey());
    X509Certificate issued =
        issue(
            caName,
            caKey,
            setup.serials().incrementAndGet(),
            inbound.csr().getSubject(),
            inbound.csr().getSubjectPublicKeyInfo(),
            setup.clock().instant());
    byte[] reply = server.success(inbound, List.of(issued));
    // Appliance: verify and open the CertRep, find our certificate, check it chains to the CA.
    CertRep rep = client.decodeReply(reply, request, current.getPrivate(), setup.caCertificates());
    X509Certificate mine = PkiRequests.issuedFor(rep, fresh.getPublic());
    mine.verify(setup.caCert().getPublicKey());
    return mine;
  }

  /** What a CA does to issue: an end-entity certificate for the key, signed by the CA key. */
  private static X509Certificate issue(
      X500Name issuer,
      PrivateKey issuerKey,
      long serial,
      X500Name subject,
      SubjectPublicKeyInfo key,
      Instant now)
      throws GeneralSecurityException {
    try {
      return sign(
          new X509v3CertificateBuilder(
                  issuer,
                  BigInteger.valueOf(serial),
                  Date.from(now),
                  Date.from(now.plus(Duration.ofDays(365))),
                  subject,
                  key)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(CertificateIssuer.endEntityKeyUsage(key))),
          issuerKey);
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot issue a certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
  }
}
