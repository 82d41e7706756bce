package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    MessageRig rig = new MessageRig("CN=SignerInfo CA");
    CaCaps caps = CaCaps.of("AES", digest);
    assertEquals(digest, caps.digest());

    OutboundRequest sent =
        rig.selfSignedPkcsReq(
            TestCertificates.rsaKeyPair(), new X500Name("CN=signer-info"), "secret", caps);
    assertRsaEncryption(sent.der(), new ASN1ObjectIdentifier(digestOid));

    byte[] reply = rig.issue(rig.server.decode(sent.der()), 5);
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
