package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
    MessageRig rig = new MessageRig("CN=DER CA");
    // Large enough (2048-bit key CSR + envelope) that BER would split the content into chunks.
    OutboundRequest sent =
        rig.selfSignedPkcsReq(
            TestCertificates.rsaKeyPair(),
            new X500Name("CN=der-test"),
            "secret",
            CaCaps.of("AES", "SHA-256"));
    assertIsDer(sent.der());
    byte[] envelope =
        SignedData.getInstance(ContentInfo.getInstance(sent.der()).getContent())
            .getEncapContentInfo()
            .getContent()
            .toASN1Primitive()
            .getEncoded();
    assertIsDer(org.bouncycastle.asn1.ASN1OctetString.getInstance(envelope).getOctets());

    assertIsDer(rig.issue(rig.server.decode(sent.der()), 5));
  }

  private static void assertIsDer(byte[] encoded) throws Exception {
    assertArrayEquals(ASN1Primitive.fromByteArray(encoded).getEncoded(ASN1Encoding.DER), encoded);
  }
}
