package org.fwsim.firmware.acme;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads and checks the chain an ACME server sends ({@code application/pem-certificate-chain}, RFC
 * 8555 §9.1) before anything replaces the appliance's current certificate: the leaf certifies the
 * CSR's key and names the domain, and each certificate is signed by the next.
 */
public final class AcmeChain {

  private AcmeChain() {}

  /**
   * The checked chain, leaf first.
   *
   * @throws AcmeException when the body is no chain or the chain does not fit the order
   */
  public static List<X509Certificate> read(byte[] pem, PublicKey csrKey, String domain)
      throws AcmeException {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      Collection<? extends java.security.cert.Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
      for (java.security.cert.Certificate c : certs) {
        chain.add((X509Certificate) c);
      }
    } catch (GeneralSecurityException e) {
      throw AcmeException.protocol("the certificate chain cannot be read: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw AcmeException.protocol("the certificate download holds no certificate");
    }
    X509Certificate leaf = chain.get(0);
    if (!leaf.getPublicKey().equals(csrKey)) {
      throw AcmeException.protocol("the issued certificate does not certify the CSR's key");
    }
    if (!names(leaf).contains(domain.toLowerCase(Locale.ROOT))) {
      throw AcmeException.protocol("the issued certificate does not name " + domain);
    }
    for (int i = 0; i + 1 < chain.size(); i++) {
      try {
        chain.get(i).verify(chain.get(i + 1).getPublicKey());
      } catch (GeneralSecurityException e) {
        throw AcmeException.protocol(
            "certificate "
                + i
                + " of the chain is not signed by the next ("
                + chain.get(i + 1).getSubjectX500Principal().getName()
                + ")");
      }
    }
    return List.copyOf(chain);
  }

  private static List<String> names(X509Certificate cert) throws AcmeException {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (Integer.valueOf(2).equals(san.get(0))) { // dNSName
            names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw AcmeException.protocol("the issued certificate's names cannot be read");
    }
    return names;
  }
}
