package org.fwsim.firmware.cron;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogEntry.Field;
import org.fwsim.firmware.log.LogId;

/**
 * The event log entries forticron writes, with the FortiOS ids of fortios.md §5.4.
 *
 * <p>INFERENCE throughout: the reference gives the ids, levels and field names (22200: cert,
 * status, action, msg; 22205: name, status, msg; 41987/41990: action, cert-type, status, name,
 * method, reason, msg in the order of the one real 41987 line) but not the {@code msg} texts for
 * certificate renewals; the texts here are fwsim's, worded like FortiOS's.
 */
final class CronLog {

  private static final long DAY = 86_400_000L;
  static final DateTimeFormatter GMT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final EventLog log;

  CronLog(EventLog log) {
    this.log = log;
  }

  /** 22200 at {@code auto-regenerate-days-warning}. */
  void warning(CronCertificate c, long now) {
    warn(c, now, "warning", willExpire(c, now));
  }

  /** 22200 at the global {@code cert-expire-warning}. */
  void globalWarning(CronCertificate c, long now, int days) {
    warn(c, now, "warning", willExpire(c, now) + " (cert-expire-warning " + days + ")");
  }

  private static String willExpire(CronCertificate c, long now) {
    return "Certificate "
        + c.name()
        + " will expire in "
        + daysLeft(c, now)
        + " days, at "
        + gmt(c.notAfter());
  }

  /** 22200 when the certificate's notAfter has passed. */
  void expired(CronCertificate c, long now) {
    warn(
        c,
        now,
        "expired",
        "Certificate "
            + c.name()
            + " expired at "
            + gmt(c.notAfter())
            + (c.autoRenews() ? "; auto-regenerate keeps trying" : ""));
  }

  /** 22200 when a renewal came back still inside its own renewal window. */
  void stillInWindow(CronCertificate c, long now, long nextAttempt) {
    warn(
        c,
        now,
        "retry",
        "Renewed certificate "
            + c.name()
            + " expires at "
            + gmt(c.notAfter())
            + ", still within auto-regenerate-days "
            + c.renewal().days()
            + " (CA clock behind?); next attempt at "
            + gmt(nextAttempt));
  }

  /** 22205 and 41987 (a CA certificate: 41987 only). */
  void renewed(CronCertificate c, long now) {
    if (c.identity().type()
        == CertificateIdentity.Type.LOCAL) { // CA updates are not auto-generated: 41987 only
      autoGen(
          c,
          now,
          LogId.AUTO_GEN_CERT_SUCC,
          "success",
          "Certificate " + c.name() + " is auto-generated, expires at " + gmt(c.notAfter()));
    }
    log.append(vpn(c, now, LogId.VPN_CERT_UPDATE, "success", "N/A", "A certificate is updated"));
  }

  /** 22204, once per renewal. */
  void pending(CronCertificate c, long now) {
    autoGen(
        c,
        now,
        LogId.AUTO_GEN_CERT_PENDING,
        "pending",
        "Certificate " + c.name() + " auto-generate request is pending approval by the CA");
  }

  /** 22203 and 41990 (a CA certificate: 41990 only). */
  void failed(CronCertificate c, long now, String reason, long nextAttempt) {
    if (c.identity().type() == CertificateIdentity.Type.LOCAL) { // CA updates: 41990 only
      autoGen(
          c,
          now,
          LogId.AUTO_GEN_CERT_FAIL,
          "failure",
          "Certificate "
              + c.name()
              + " failed to auto-generate: "
              + reason
              + "; next attempt at "
              + gmt(nextAttempt));
    }
    log.append(
        vpn(
            c,
            now,
            LogId.VPN_CERT_UPDATE_FAILED,
            "failure",
            reason,
            "A certificate failed to update"));
  }

  static String gmt(Instant t) {
    return GMT.format(t) + " GMT";
  }

  static String gmt(long millis) {
    return gmt(Instant.ofEpochMilli(millis));
  }

  /** The system events of a local certificate's auto-generation (22203, 22204, 22205). */
  private void autoGen(CronCertificate c, long now, LogId id, String status, String msg) {
    log.append(
        new LogEntry(
            now,
            id,
            c.identity().vdom(),
            List.of(
                new Field("name", c.name()), new Field("status", status), new Field("msg", msg))));
  }

  private void warn(CronCertificate c, long now, String status, String msg) {
    log.append(
        new LogEntry(
            now,
            LogId.AUTO_UPT_CERT,
            c.identity().vdom(),
            List.of(
                new Field("cert", c.name()),
                new Field("action", "info"),
                new Field("status", status),
                new Field("msg", msg))));
  }

  private static LogEntry vpn(
      CronCertificate c, long now, LogId id, String status, String reason, String msg) {
    return new LogEntry(
        now,
        id,
        c.identity().vdom(),
        List.of(
            new Field("action", "info"),
            new Field(
                "cert-type", c.identity().type() == CertificateIdentity.Type.CA ? "CA" : "local"),
            new Field("status", status),
            new Field("name", c.name()),
            new Field("method", method(c)),
            new Field("reason", reason),
            new Field("msg", msg)));
  }

  /** SCEP, EST, CMPV2 or ACME2: the protocol that renews it. */
  private static String method(CronCertificate c) {
    return c.renewalProtocol().name();
  }

  private static long daysLeft(CronCertificate c, long now) {
    long left = c.notAfter().toEpochMilli() - now;
    return left <= 0 ? 0 : (left + DAY - 1) / DAY;
  }
}
