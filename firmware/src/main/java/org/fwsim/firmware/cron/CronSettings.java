package org.fwsim.firmware.cron;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The global inputs forticron reads besides the certificates: {@code config vpn certificate
 * setting} {@code cert-expire-warning}, and the appliance's time zone for the local times that
 * {@code diagnose test application forticron} prints.
 *
 * @param certExpireWarningDays days before any certificate's notAfter to warn once; 0 disables
 *     (FortiOS default 14, range 0-100, fortios.md §2)
 * @param timezone {@code config system global} {@code set timezone}
 */
public record CronSettings(int certExpireWarningDays, ZoneId timezone) {

  /**
   * UTC until told otherwise: the appliance's zone comes from {@code config system global} {@code
   * timezone} (factory 04, Pacific Time), which {@code Certificates} passes in.
   */
  public static final ZoneId DEFAULT_TIMEZONE = ZoneOffset.UTC;

  /** {@code cert-expire-warning 14} in UTC. */
  public static final CronSettings DEFAULTS = new CronSettings(14, DEFAULT_TIMEZONE);

  public CronSettings {
    if (certExpireWarningDays < 0 || certExpireWarningDays > 100) {
      throw new IllegalArgumentException(
          "cert-expire-warning must be 0 to 100 days, got " + certExpireWarningDays);
    }
    Objects.requireNonNull(timezone, "timezone");
  }
}
