package org.fwsim.firmware.scep.message;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.fwsim.hal.lang.Enums;

/**
 * The content-encryption algorithms used for the pkcsPKIEnvelope. Single DES is deliberately
 * absent: RFC 8894 §2.9 forbids it.
 */
public enum ContentCipher {
  AES_128_CBC(CMSAlgorithm.AES128_CBC, "AES"),
  DES3(CMSAlgorithm.DES_EDE3_CBC, "DES3");

  private final ASN1ObjectIdentifier oid;
  private final String capability;

  ContentCipher(ASN1ObjectIdentifier oid, String capability) {
    this.oid = oid;
    this.capability = capability;
  }

  /** The CMS content-encryption algorithm identifier. */
  public ASN1ObjectIdentifier oid() {
    return oid;
  }

  /** The GetCACaps keyword that advertises this cipher. */
  public String capability() {
    return capability;
  }

  /** The cipher for a CMS algorithm OID, empty when it is not one SCEP may use here. */
  public static Optional<ContentCipher> ofOid(ASN1ObjectIdentifier oid) {
    return Enums.find(ContentCipher.class, c -> c.oid.equals(oid));
  }
}
