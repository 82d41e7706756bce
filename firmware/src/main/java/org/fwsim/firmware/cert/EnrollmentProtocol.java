package org.fwsim.firmware.cert;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.cron.CertRenewer;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.scep.client.ScepOutcome;

/**
 * One {@code enroll-protocol} of the certificate subsystem: the first enrollment of an entry
 * ({@code execute vpn certificate local generate ...}) and forticron's renewal of it. The
 * firmware's assembly registers one per protocol with {@link CertificateService#addProtocol}; the
 * subsystem picks it by the entry's {@code set enroll-protocol}.
 *
 * <p>Each protocol reads its own settings ({@code scep-url}, {@code est-server}, {@code
 * cmp-server}, ...) from the entry through {@link EnrollmentContext#localConfig}, and stores an
 * issued certificate with {@link EnrollmentContext#install}, which keeps the current one until
 * then. Outcomes are {@link ScepOutcome}s (SCEP was first; the SCEP-only fields stay null for other
 * protocols), so the console, forticron and the storm read every protocol the same way. Mailbox
 * only, like the rest of the subsystem.
 */
public interface EnrollmentProtocol extends CertRenewer {

  /**
   * Enrolls the entry {@code request.entry()}, just created in the configuration with this
   * protocol's settings (its {@code state} is PENDING). The future never completes exceptionally: a
   * failure is a FAILED or REFUSED outcome with its {@link
   * org.fwsim.firmware.scep.client.FailureKind}.
   */
  CompletableFuture<ScepOutcome> enroll(Request request);

  /**
   * A protocol whose entries enroll from their configuration (ACME): forticron's renewals go to
   * {@code renewer}; {@code generate} is refused.
   */
  /**
   * What forticron learns of a renewal that ended in {@code outcome}: the new certificate's end, or
   * the failure and its reason.
   */
  static RenewOutcome renewOutcome(ScepOutcome outcome) {
    return outcome.issued()
        ? RenewOutcome.success(outcome.installed().certificate().getNotAfter().toInstant())
        : RenewOutcome.failure(outcome.failure(), outcome.reason());
  }

  static EnrollmentProtocol renewing(CertRenewer renewer, String keyword) {
    return new EnrollmentProtocol() {
      @Override
      public CompletableFuture<ScepOutcome> enroll(Request request) {
        return CompletableFuture.completedFuture(
            ScepOutcome.refused(
                request.entry().name(),
                false,
                "enroll-protocol "
                    + keyword
                    + " enrolls from its configuration, not with generate"));
      }

      @Override
      public Renewal renew(CronCertificate cert, java.util.function.Consumer<RenewOutcome> done) {
        return renewer.renew(cert, done);
      }
    };
  }

  /**
   * A first enrollment: the {@code generate} as asked (its VDOM, key type, subject and secrets,
   * already checked) and the entry it created.
   *
   * @param generate what was asked; its VDOM's table holds the entry
   * @param entry the entry as configured, with the protocol's settings
   */
  record Request(GenerateRequest generate, CertificateLocalConfig entry) {
    public Request {
      Objects.requireNonNull(generate, "generate");
      Objects.requireNonNull(entry, "entry");
    }

    /** The VDOM whose table holds the entry. */
    public String vdom() {
      return generate.vdom();
    }

    /** {@code range global} (FortiOS's default) rather than {@code vdom}. */
    public boolean global() {
      return !"vdom".equals(entry.range());
    }
  }
}
