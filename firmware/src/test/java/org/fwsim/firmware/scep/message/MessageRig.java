package org.fwsim.firmware.scep.message;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.hal.testing.TestCertificates;

/**
 * A SCEP CA on values for the message tests: its RSA key and certificate (which both signs and
 * decrypts), the client's view of it as GetCACert gives it, and the codecs of both sides at a fixed
 * instant.
 */
final class MessageRig {
  static final InstantSource CLOCK = InstantSource.fixed(TestCertificates.NOW);

  final KeyPair caKey;
  final X509Certificate caCert;
  final CaCertificates ca;
  final PkiReplies server;
  final PkiRequests client = new PkiRequests(CLOCK, new SecureRandom());

  MessageRig(String caSubject) {
    caKey = TestCertificates.rsaKeyPair();
    caCert = TestCertificates.scepCa(caSubject, caKey);
    try {
      ca = CaCertificates.of(List.of(caCert));
    } catch (ScepException e) {
      throw new IllegalStateException("the test CA certificate is not a CA", e);
    }
    server = PkiReplies.ofCa(caCert, caKey.getPrivate(), CLOCK, new SecureRandom());
  }

  /** A first PKCSReq of {@code device}: its CSR, signed by a self-signed certificate of its key. */
  OutboundRequest selfSignedPkcsReq(KeyPair device, X500Name subject, String challenge, CaCaps caps)
      throws ScepException {
    return client.pkcsReq(
        ScepCsr.csr(device, subject, challenge),
        parties(client.selfSignedSigner(device, subject), device.getPrivate(), caps));
  }

  /** The parties of a request from {@code signer} to this CA. */
  RequestParties parties(X509Certificate signer, PrivateKey signerKey, CaCaps caps) {
    return new RequestParties(signer, signerKey, ca, caps);
  }

  /** The CA's subject, the issuer in CertPoll, GetCert and GetCRL. */
  X500Name caName() {
    return X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
  }

  /** The client's reading of the CA's {@code reply} to {@code sent}. */
  CertRep open(byte[] reply, OutboundRequest sent, PrivateKey signerKey) throws ScepException {
    return client.decodeReply(reply, sent, signerKey, ca);
  }

  /** A certificate this CA issues to {@code key} with that key usage (an RA's, say). */
  X509Certificate issued(String subject, KeyPair key, int keyUsage) {
    return TestCertificates.issued(subject, key.getPublic(), caCert, caKey.getPrivate(), keyUsage);
  }

  /** The CA's SUCCESS CertRep to {@code in}: the certificate it issues from the request's CSR. */
  byte[] issue(InboundRequest in, long serial) throws ScepException {
    return server.success(
        in, List.of(TestCertificates.issue(in.csr(), caCert, caKey.getPrivate(), serial)));
  }
}
