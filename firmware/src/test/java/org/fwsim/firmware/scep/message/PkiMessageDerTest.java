package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/**
 * pkiMessages and their envelopes are DER, which Go's pkcs7 (micromdm, step-ca) needs: with BER
 * framing of the encapsulated content it digests the chunk headers and rejects the request.
 */
class PkiMessageDerTest {

  @Test
  void requestsRepliesAndEnvelopesAreDer() throws Exception {
    KeyPair caKey = TestCertificates.rsaKeyPair();
    X509Certificate caCert = TestCertificates.scepCa("CN=DER CA", caKey);
    KeyPair device = TestCertificates.rsaKeyPair();
    InstantSource clock = InstantSource.fixed(TestCertificates.NOW);
    PkiRequests client = new PkiRequests(clock, new SecureRandom());
    CaCertificates ca = CaCertificates.of(List.of(caCert));
    X500Name subject = new X500Name("CN=der-test");
    // Large enough (2048-bit key CSR + envelope) that BER would split the content into chunks.
    OutboundRequest sent =
        client.pkcsReq(
            ScepCsr.csr(device, subject, "secret"),
            client.selfSignedSigner(device, subject),
            device.getPrivate(),
            ca,
            CaCaps.of("AES", "SHA-256"));
    assertIsDer(sent.der());
    byte[] envelope =
        SignedData.getInstance(ContentInfo.getInstance(sent.der()).getContent())
            .getEncapContentInfo()
            .getContent()
            .toASN1Primitive()
            .getEncoded();
    assertIsDer(org.bouncycastle.asn1.ASN1OctetString.getInstance(envelope).getOctets());

    PkiReplies server =
        new PkiReplies(caCert, caKey.getPrivate(), caCert, caKey.getPrivate(), List.of(), clock);
    InboundRequest in = server.decode(sent.der());
    assertIsDer(
        server.success(
            in, List.of(TestCertificates.issue(in.csr(), caCert, caKey.getPrivate(), 5))));
  }

  private static void assertIsDer(byte[] encoded) throws Exception {
    assertArrayEquals(ASN1Primitive.fromByteArray(encoded).getEncoded(ASN1Encoding.DER), encoded);
  }
}
