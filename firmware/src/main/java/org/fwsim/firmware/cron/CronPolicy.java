package org.fwsim.firmware.cron;

/**
 * forticron's deadline arithmetic: when a certificate is warned about, renewed, marked expired or
 * looked at again, from its settings and what forticron has already done. Pure functions of their
 * arguments; times are appliance-clock epoch millis, {@link ScheduledCert#NEVER} when nothing is
 * left to do.
 */
final class CronPolicy {

  private static final long NEVER = ScheduledCert.NEVER;
  private static final long DAY = 86_400_000L;

  private CronPolicy() {}

  /**
   * The certificate's next deadline: the earliest of its warning points, its notAfter (until marked
   * expired), and its renewal point or retry time, or while a renewal is in flight, its watchdog.
   */
  static long nextDue(ScheduledCert s, CronSettings settings) {
    long due = Math.min(warnAt(s), globalWarnAt(s, settings));
    if (!s.expired) {
      due = Math.min(due, s.cert.notAfter().toEpochMilli());
    }
    return Math.min(due, s.inFlight() ? s.watchdogAt : renewAt(s));
  }

  /** The certificate's own warning ({@code auto-regenerate-days-warning}), once. */
  static long warnAt(ScheduledCert s) {
    CronCertificate c = s.cert;
    return c.renewal().daysWarn() == 0 || s.warningLogged
        ? NEVER
        : c.notAfter().toEpochMilli() - c.renewal().daysWarn() * DAY;
  }

  /**
   * The global {@code cert-expire-warning}. It does not touch {@code warning_logged}: in the seed,
   * warning_time is exactly notAfter minus days_warn=2 although the global default is 14 days, so
   * the per-certificate warning owns those fields. It is skipped when the certificate's own warning
   * comes as early or earlier (one warning is enough).
   */
  static long globalWarnAt(ScheduledCert s, CronSettings settings) {
    int days = settings.certExpireWarningDays();
    CronCertificate c = s.cert;
    if (days == 0 || s.globalWarned || c.renewal().daysWarn() >= days) {
      return NEVER;
    }
    return c.notAfter().toEpochMilli() - days * DAY;
  }

  /** When a renewal starts: the renewal point, or later while a retry backs off. */
  static long renewAt(ScheduledCert s) {
    if (!s.cert.autoRenews()) {
      return NEVER;
    }
    return Math.max(renewPoint(s.cert), s.retryAt);
  }

  /** {@code auto-regenerate-days} before notAfter: from here on the certificate is renewed. */
  static long renewPoint(CronCertificate c) {
    return c.notAfter().toEpochMilli() - c.renewal().days() * DAY;
  }
}
