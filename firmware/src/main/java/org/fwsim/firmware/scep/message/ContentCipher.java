package org.fwsim.firmware.scep.message;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.spec.IvParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.fwsim.hal.lang.Enums;

/**
 * The content-encryption algorithms used for the pkcsPKIEnvelope. Single DES is deliberately
 * absent: RFC 8894 §2.9 forbids it.
 */
public enum ContentCipher {
  AES_128_CBC(CMSAlgorithm.AES128_CBC, "AES", "AES", 16),
  DES3(CMSAlgorithm.DES_EDE3_CBC, "DES3", "DESede", 8);

  private final ASN1ObjectIdentifier oid;
  private final String capability;
  private final String jcaName;
  private final int ivLength;

  ContentCipher(ASN1ObjectIdentifier oid, String capability, String jcaName, int ivLength) {
    this.oid = oid;
    this.capability = capability;
    this.jcaName = jcaName;
    this.ivLength = ivLength;
  }

  /** The CMS content-encryption algorithm identifier. */
  public ASN1ObjectIdentifier oid() {
    return oid;
  }

  /** The GetCACaps keyword that advertises this cipher. */
  public String capability() {
    return capability;
  }

  /**
   * A fresh random IV as the JCA's parameters of this cipher. Handed to BouncyCastle's content
   * encryptor so that it does not look for a parameter generator itself: the JDK has none for AES
   * or DESede, and each envelope then cost two NoSuchAlgorithmExceptions (by name, then by OID)
   * before BouncyCastle let the cipher draw the IV.
   */
  AlgorithmParameters randomParameters(SecureRandom random) throws GeneralSecurityException {
    byte[] iv = new byte[ivLength];
    random.nextBytes(iv);
    AlgorithmParameters parameters = AlgorithmParameters.getInstance(jcaName);
    parameters.init(new IvParameterSpec(iv));
    return parameters;
  }

  /** The cipher for a CMS algorithm OID, empty when it is not one SCEP may use here. */
  public static Optional<ContentCipher> ofOid(ASN1ObjectIdentifier oid) {
    return Enums.find(ContentCipher.class, c -> c.oid.equals(oid));
  }
}
