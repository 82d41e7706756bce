package org.fwsim.firmware.scep.message;

import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds the PKCS#10 requests an appliance enrols with, and reads their SCEP-relevant parts. */
public final class ScepCsr {

  private ScepCsr() {}

  /** A PKCS#10 for the subject and key, with a challengePassword when one is given. */
  public static PKCS10CertificationRequest csr(
      KeyPair keyPair, X500Name subject, String challenge) {
    return csr(keyPair, subject, challenge, List.of());
  }

  /**
   * A PKCS#10 with an optional challengePassword (PKCS#9) and optional subjectAltNames (e.g.
   * dNSName, rfc822Name), signed with SHA256withRSA or SHA256withECDSA according to the key.
   */
  public static PKCS10CertificationRequest csr(
      KeyPair keyPair, X500Name subject, String challenge, List<GeneralName> subjectAltNames) {
    PKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic());
    if (challenge != null) {
      ASN1Encodable value =
          DERPrintableString.isPrintableString(challenge)
              ? new DERPrintableString(challenge)
              : new DERUTF8String(challenge);
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, value);
    }
    try {
      if (!subjectAltNames.isEmpty()) {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(subjectAltNames.toArray(GeneralName[]::new)));
        builder.addAttribute(
            PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      }
      return builder.build(CmsLayers.signer("SHA-256", keyPair.getPrivate()));
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalArgumentException(
          "cannot sign PKCS#10 with a "
              + keyPair.getPrivate().getAlgorithm()
              + " key: "
              + e.getMessage(),
          e);
    }
  }

  /** The challengePassword of a PKCS#10, or null when it has none (or not as a string). */
  public static String challengePassword(PKCS10CertificationRequest csr) {
    for (Attribute attribute :
        csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword)) {
      if (attribute.getAttrValues().size() > 0
          && attribute.getAttrValues().getObjectAt(0) instanceof ASN1String s) {
        return s.getString();
      }
    }
    return null;
  }
}
