package org.fwsim.firmware.acme;

import java.net.URI;
import java.util.Objects;

/**
 * What one ACME enrollment asks for: a certificate for {@code domain} from the CA whose directory
 * is {@code directory}, with the CSR already built (its key is the certificate's), under an
 * account.
 *
 * @param directory {@code acme-ca-url}
 * @param domain {@code acme-domain}
 * @param email {@code acme-email}, "" for none (the account then has no contact)
 * @param csr the PKCS#10 request, DER
 * @param account the account key
 * @param accountUrl the account URL when it is already known from an earlier enrollment, else null
 */
public record AcmeOrder(
    URI directory, String domain, String email, byte[] csr, AccountKey account, URI accountUrl) {

  /** Needs the domain and the contact ("" for none); the session reads the rest at its start. */
  public AcmeOrder {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(email, "email");
  }
}
