package org.fwsim.firmware.cron;

import java.time.Instant;
import java.util.Objects;
import org.fwsim.firmware.config.EnrollProtocol;

/**
 * What forticron needs to know about one certificate, mapped from {@code config vpn certificate
 * local} (or {@code ca}) and the certificate store: which certificate it is, how it renews, and the
 * notAfter of the certificate in use now.
 *
 * @param identity the table, {@code edit} name and scope
 * @param renewal the renewal and warning days and the enrollment server
 * @param notAfter the end of validity of the certificate in use now
 */
public record CronCertificate(
    CertificateIdentity identity, RenewalSettings renewal, Instant notAfter) {

  public CronCertificate {
    Objects.requireNonNull(identity, "certificate identity");
    Objects.requireNonNull(renewal, () -> "certificate " + identity.name() + ": renewal settings");
    renewal.check(identity.name());
    Objects.requireNonNull(notAfter, () -> "certificate " + identity.name() + ": notAfter");
  }

  /** The same certificate and settings, ending at {@code end} (after a renewal). */
  public CronCertificate withNotAfter(Instant end) {
    return new CronCertificate(identity, renewal, end);
  }

  /** The {@code edit} name, by which every log entry and trace line names the certificate. */
  public String name() {
    return identity.name();
  }

  /**
   * Whether forticron renews it by itself: {@code days > 0} and an enrollment protocol (SCEP, and
   * ACME with its {@code acme-ca-url} as the server URL, only with a URL; the other protocols'
   * renewers report a missing server as a failure).
   */
  public boolean autoRenews() {
    if (renewal.days() == 0) {
      return false;
    }
    EnrollProtocol protocol = renewal.enrollProtocol();
    // A CA certificate has no enroll-protocol: its scep-url is what auto-update-days uses.
    if (identity.type() == CertificateIdentity.Type.CA
        || protocol == EnrollProtocol.SCEP
        || protocol == EnrollProtocol.ACME2) {
      return !renewal.serverUrl().isEmpty();
    }
    return protocol != EnrollProtocol.NONE;
  }

  /**
   * The protocol that renews it: a local certificate's {@code enroll-protocol} (SCEP when none, as
   * FortiOS's forticron names it); a CA certificate's EST when its {@code est-url} updates it
   * (CronFeed marks those), else SCEP over its {@code scep-url}.
   */
  public EnrollProtocol renewalProtocol() {
    EnrollProtocol protocol = renewal.enrollProtocol();
    if (identity.type() == CertificateIdentity.Type.CA) {
      return protocol == EnrollProtocol.EST ? EnrollProtocol.EST : EnrollProtocol.SCEP;
    }
    return protocol == EnrollProtocol.NONE ? EnrollProtocol.SCEP : protocol;
  }

  /** Never prints the challenge password. */
  @Override
  public String toString() {
    return "CronCertificate[" + identity + ", " + renewal + ", notAfter=" + notAfter + "]";
  }
}
