package org.fwsim.firmware.est;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Which certificate of an EST {@code /cacerts} answer succeeds a CA certificate held for {@code
 * auto-update-days}, checked before anything replaces it: a CA certificate with the held one's
 * subject (the newest such), vouched for by the held one (or, for an intermediate, by a CA the
 * appliance holds) and valid at the appliance's clock. No IO.
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
    if (!vouchedFor(fresh, held, offered, trusted)) {
      throw new EstException(
          0, "the new CA certificate for " + subject + " is not vouched for by the one held");
    }
    try {
      fresh.checkValidity(Date.from(now));
    } catch (GeneralSecurityException e) {
      throw new EstException(0, "the new CA certificate for " + subject + " is not valid now", e);
    }
    return fresh;
  }

  /**
   * A self-issued successor (a root's rollover) must be signed by the held certificate's key, or be
   * linked to it by a NewWithOld certificate of the answer (RFC 7030 §4.1.3: the new key certified
   * by the old); any other successor must be signed by a CA the appliance already holds. The
   * answer's own certificates never vouch for each other alone.
   */
  private static boolean vouchedFor(
      X509Certificate fresh,
      X509Certificate held,
      List<X509Certificate> offered,
      List<X509Certificate> trusted) {
    if (!fresh.getIssuerX500Principal().equals(fresh.getSubjectX500Principal())) {
      for (X509Certificate t : trusted) {
        if (t.getSubjectX500Principal().equals(fresh.getIssuerX500Principal())
            && verifies(fresh, t.getPublicKey())) {
          return true;
        }
      }
      return false;
    }
    if (verifies(fresh, held.getPublicKey())) {
      return true;
    }
    for (X509Certificate link : offered) {
      if (link != fresh
          && link.getSubjectX500Principal().equals(held.getSubjectX500Principal())
          && link.getPublicKey().equals(fresh.getPublicKey())
          && verifies(link, held.getPublicKey())) {
        return true;
      }
    }
    return false;
  }

  private static boolean verifies(X509Certificate c, PublicKey key) {
    try {
      c.verify(key);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
