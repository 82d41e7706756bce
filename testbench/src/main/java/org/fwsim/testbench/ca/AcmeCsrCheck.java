package org.fwsim.testbench.ca;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.acme.AccountKey;
import org.fwsim.firmware.acme.AcmeError;

/**
 * The ACME server's check of a finalize CSR (RFC 8555 §7.4) on BouncyCastle: a PKCS#10 request
 * whose signature verifies with its own key (proof of possession) and whose names, the subject's CN
 * and the subjectAltName dNSNames, are exactly the order's identifiers.
 */
final class AcmeCsrCheck {

  /** RSA keys shorter than this are refused, as public ACME CAs refuse them. */
  static final int MIN_RSA_BITS = 2048;

  private AcmeCsrCheck() {}

  /**
   * The request in {@code b64url}, checked against {@code identifiers}.
   *
   * @throws AcmeProblem badCSR when it is no request, does not verify or names other domains
   */
  static PKCS10CertificationRequest check(String b64url, Iterable<String> identifiers)
      throws AcmeProblem {
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(AccountKey.unb64(b64url));
    } catch (Exception e) { // base64 or DER: either way no request
      throw badCsr("the csr is no PKCS#10 request");
    }
    try {
      if (!csr.isSignatureValid(
          new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
        throw badCsr("the CSR's signature does not verify with its key");
      }
    } catch (AcmeProblem p) {
      throw p;
    } catch (Exception e) {
      throw badCsr("the CSR's signature cannot be checked: " + e.getMessage());
    }
    if (rsaBits(csr) > 0 && rsaBits(csr) < MIN_RSA_BITS) {
      throw badCsr("RSA keys of fewer than " + MIN_RSA_BITS + " bits are refused");
    }
    Set<String> wanted = new TreeSet<>();
    identifiers.forEach(i -> wanted.add(i.toLowerCase(Locale.ROOT)));
    Set<String> named = names(csr);
    if (!named.equals(wanted)) {
      throw badCsr("the CSR names " + named + ", the order " + wanted);
    }
    return csr;
  }

  private static Set<String> names(PKCS10CertificationRequest csr) {
    Set<String> names = new TreeSet<>();
    for (RDN rdn : csr.getSubject().getRDNs(BCStyle.CN)) {
      names.add(IETFUtils.valueToString(rdn.getFirst().getValue()).toLowerCase(Locale.ROOT));
    }
    Extensions ext = csr.getRequestedExtensions();
    ASN1Encodable san =
        ext == null ? null : ext.getExtensionParsedValue(Extension.subjectAlternativeName);
    if (san != null) {
      for (GeneralName n : GeneralNames.getInstance(san).getNames()) {
        if (n.getTagNo() == GeneralName.dNSName) {
          names.add(n.getName().toString().toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  private static int rsaBits(PKCS10CertificationRequest csr) {
    try {
      java.security.PublicKey k =
          new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr).getPublicKey();
      return k instanceof java.security.interfaces.RSAPublicKey r ? r.getModulus().bitLength() : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  private static AcmeProblem badCsr(String detail) {
    return new AcmeProblem(AcmeError.BAD_CSR, 400, detail);
  }
}
