package org.fwsim.firmware.scep.message;

import java.security.KeyPair;
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
    server =
        new PkiReplies(caCert, caKey.getPrivate(), caCert, caKey.getPrivate(), List.of(), CLOCK);
  }

  /** A first PKCSReq of {@code device}: its CSR, signed by a self-signed certificate of its key. */
  OutboundRequest selfSignedPkcsReq(KeyPair device, X500Name subject, String challenge, CaCaps caps)
      throws ScepException {
    return client.pkcsReq(
        ScepCsr.csr(device, subject, challenge),
        new RequestParties(
            client.selfSignedSigner(device, subject), device.getPrivate(), ca, caps));
  }

  /** The CA's SUCCESS CertRep to {@code in}: the certificate it issues from the request's CSR. */
  byte[] issue(InboundRequest in, long serial) throws ScepException {
    return server.success(
        in, List.of(TestCertificates.issue(in.csr(), caCert, caKey.getPrivate(), serial)));
  }
}
