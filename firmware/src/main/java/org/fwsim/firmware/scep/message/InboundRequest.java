package org.fwsim.firmware.scep.message;

import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A request the CA decoded and authenticated (signature verified, envelope decrypted). Which of the
 * payload fields is set depends on the type: {@code csr} for PKCSReq/RenewalReq, {@code pollIssuer}
 * and {@code pollSubject} for CertPoll, {@code issuerAndSerial} for GetCert/GetCRL.
 */
public record InboundRequest(
    RequestHeader header,
    PKCS10CertificationRequest csr,
    X500Name pollIssuer,
    X500Name pollSubject,
    IssuerAndSerialNumber issuerAndSerial,
    Date signingTime,
    ASN1ObjectIdentifier contentCipher,
    String challengePassword) {

  /**
   * True when the request was signed with a self-signed certificate (initial enrolment, RFC 8894
   * §2.3).
   */
  public boolean signerIsSelfSigned() {
    X509Certificate signer = header.signer();
    if (signer == null
        || !signer.getSubjectX500Principal().equals(signer.getIssuerX500Principal())) {
      return false;
    }
    try {
      java.security.PublicKey key = signer.getPublicKey();
      if (CmsLayers.isEc(key)) {
        signer.verify(key, CmsLayers.bouncyCastle()); // several times faster than SunEC
      } else {
        signer.verify(key);
      }
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
