package org.fwsim.firmware.est;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Which certificate of an EST {@code /cacerts} answer succeeds a CA certificate held for {@code
 * auto-update-days}, checked before anything replaces it: a CA certificate with the held one's
 * subject (the newest such), signed by its issuer (itself, another certificate of the answer, or
 * one the appliance trusts) and valid at the appliance's clock. No IO.
 */
final class EstCaSuccessor {

  private EstCaSuccessor() {}

  /**
   * @param offered the certificates {@code /cacerts} returned
   * @param trusted the CA certificates the appliance holds
   * @throws EstException (status 0) when the answer holds no such certificate or it does not verify
   */
  static X509Certificate of(
      X509Certificate held,
      List<X509Certificate> offered,
      List<X509Certificate> trusted,
      Instant now)
      throws EstException {
    X509Certificate fresh = null;
    for (X509Certificate c : offered) {
      if (c.getBasicConstraints() >= 0
          && c.getSubjectX500Principal().equals(held.getSubjectX500Principal())
          && (fresh == null || c.getNotAfter().after(fresh.getNotAfter()))) {
        fresh = c;
      }
    }
    String subject = held.getSubjectX500Principal().getName();
    if (fresh == null) {
      throw new EstException(0, "/cacerts holds no CA certificate for " + subject);
    }
    List<X509Certificate> issuers = new ArrayList<>(offered);
    issuers.addAll(trusted);
    for (X509Certificate issuer : issuers) {
      if (issuer.getSubjectX500Principal().equals(fresh.getIssuerX500Principal())
          && verifies(fresh, issuer)) {
        try {
          fresh.checkValidity(Date.from(now));
        } catch (GeneralSecurityException e) {
          throw new EstException(
              0, "the new CA certificate for " + subject + " is not valid now", e);
        }
        return fresh;
      }
    }
    throw new EstException(
        0, "the new CA certificate for " + subject + " is not signed by a known issuer");
  }

  private static boolean verifies(X509Certificate c, X509Certificate issuer) {
    try {
      c.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
