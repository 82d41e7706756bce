package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An RSA SignerInfo names its signatureAlgorithm {@code rsaEncryption} and its digest apart, in the
 * appliance's requests and in the CA's replies: strongSwan's {@code pki --scep} refuses any other
 * OID there ("only RSA digest encryption supported"), and OpenSSL and NDES write it so.
 */
class SignerInfoAlgorithmTest {

  @ParameterizedTest
  // id-sha256 and id-sha512 (NIST OIDs).
  @CsvSource({"SHA-256, 2.16.840.1.101.3.4.2.1", "SHA-512, 2.16.840.1.101.3.4.2.3"})
  void requestAndReplyNameRsaEncryption(String digest, String digestOid) throws Exception {
    KeyPair caKey = TestCertificates.rsaKeyPair();
    X509Certificate caCert = TestCertificates.scepCa("CN=SignerInfo CA", caKey);
    KeyPair device = TestCertificates.rsaKeyPair();
    InstantSource clock = InstantSource.fixed(TestCertificates.NOW);
    PkiRequests client = new PkiRequests(clock, new SecureRandom());
    X500Name subject = new X500Name("CN=signer-info");
    CaCaps caps = CaCaps.of("AES", digest);
    assertEquals(digest, caps.digest());

    OutboundRequest sent =
        client.pkcsReq(
            ScepCsr.csr(device, subject, "secret"),
            client.selfSignedSigner(device, subject),
            device.getPrivate(),
            CaCertificates.of(List.of(caCert)),
            caps);
    assertRsaEncryption(sent.der(), new ASN1ObjectIdentifier(digestOid));

    PkiReplies server =
        new PkiReplies(caCert, caKey.getPrivate(), caCert, caKey.getPrivate(), List.of(), clock);
    InboundRequest in = server.decode(sent.der());
    byte[] reply =
        server.success(
            in, List.of(TestCertificates.issue(in.csr(), caCert, caKey.getPrivate(), 5)));
    // The CA signs its replies with SHA-256 whatever the request used.
    assertRsaEncryption(reply, new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.1"));
  }

  private static void assertRsaEncryption(byte[] pkiMessage, ASN1ObjectIdentifier digest)
      throws Exception {
    SignerInformation signer =
        new CMSSignedData(pkiMessage).getSignerInfos().getSigners().iterator().next();
    assertEquals(PKCSObjectIdentifiers.rsaEncryption.getId(), signer.getEncryptionAlgOID());
    assertEquals(digest.getId(), signer.getDigestAlgOID());
  }
}
