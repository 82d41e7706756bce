package org.fwsim.firmware.scep.message;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The two ends of a SCEP request: the certificate and key that sign it, and the CA it is encrypted
 * to with what that CA advertised.
 *
 * @param signer the signer certificate (self-signed for a first enrollment, RFC 8894 §2.3)
 * @param signerKey the signer's private key
 * @param ca the CA/RA certificates from GetCACert
 * @param caps the CA's GetCACaps reply, which chooses cipher and digest
 */
public record RequestParties(
    X509Certificate signer, PrivateKey signerKey, CaCertificates ca, CaCaps caps) {

  public RequestParties {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signerKey, "signerKey");
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(caps, "caps");
  }
}
