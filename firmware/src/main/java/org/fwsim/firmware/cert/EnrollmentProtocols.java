package org.fwsim.firmware.cert;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.cron.CertRenewer;
import org.fwsim.firmware.cron.CertificateIdentity;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.scep.client.ScepAdmission;

/**
 * The registered {@link EnrollmentProtocol}s, by {@code enroll-protocol}; forticron's renewer,
 * dispatching each renewal to its certificate's protocol, a renewal of another protocol than SCEP
 * held to the policy's admission ({@link AdmittedRenewal}). Mailbox only.
 */
final class EnrollmentProtocols implements CertRenewer {

  private final Map<EnrollProtocol, EnrollmentProtocol> byProtocol =
      new EnumMap<>(EnrollProtocol.class);

  /** The admission of renewals in flight (the SCEP policy's); SCEP's transactions take theirs. */
  private final Supplier<ScepAdmission> admission;

  private final Executor mailbox;

  /** Renewals start at once. */
  EnrollmentProtocols() {
    this(() -> ScepAdmission.UNLIMITED, Runnable::run);
  }

  /**
   * @param admission the admission a renewal of another protocol than SCEP waits for
   * @param mailbox runs a renewal's start on the appliance's turn once it is admitted
   */
  EnrollmentProtocols(Supplier<ScepAdmission> admission, Executor mailbox) {
    this.admission = admission;
    this.mailbox = mailbox;
  }

  void add(EnrollProtocol protocol, EnrollmentProtocol implementation) {
    if (protocol == EnrollProtocol.NONE) {
      throw new IllegalArgumentException("enroll-protocol none has no implementation");
    }
    if (byProtocol.putIfAbsent(protocol, Objects.requireNonNull(implementation)) != null) {
      throw new IllegalStateException("enroll-protocol " + protocol.cli() + " registered twice");
    }
  }

  /**
   * The implementation of {@code protocol}.
   *
   * @throws IllegalStateException when fwsim has none (forticron logs it as the failure reason)
   */
  EnrollmentProtocol get(EnrollProtocol protocol) {
    EnrollmentProtocol p = byProtocol.get(protocol);
    if (p == null) {
      throw new IllegalStateException("enroll-protocol " + protocol.cli() + " is not supported");
    }
    return p;
  }

  @Override
  public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
    // A CA certificate has no enroll-protocol: auto-update-days fetches it from its scep-url, or
    // over EST from its est-url (CronFeed marks those EST).
    EnrollProtocol p =
        cert.identity().type() == CertificateIdentity.Type.CA
                && cert.renewal().enrollProtocol() != EnrollProtocol.EST
            ? EnrollProtocol.SCEP
            : cert.renewal().enrollProtocol();
    if (p == EnrollProtocol.SCEP) {
      return get(p).renew(cert, done); // its transaction takes a place of the admission itself
    }
    return AdmittedRenewal.of(get(p), cert, done, admission.get(), mailbox);
  }
}
