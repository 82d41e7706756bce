package org.fwsim.firmware.cron;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The global inputs forticron reads besides the certificates: {@code config vpn certificate
 * setting} {@code cert-expire-warning}, and the appliance's time zone for the local times that
 * {@code diagnose test application forticron} prints.
 *
 * @param certExpireWarningDays days before any certificate's notAfter to warn once; 0 disables
 *                              (FortiOS default 14, range 0-100, fortios.md §2)
 * @param timezone              {@code config system global} {@code set timezone}
 */
public record CronSettings(int certExpireWarningDays, ZoneId timezone) {

    /**
     * INFERENCE: FortiOS's factory time zone is (GMT-8:00) Pacific Time. The seed agrees: its
     * {@code warning_time=2025-11-24 19:57:32} is exactly notAfter (2025-11-27 03:57:32 GMT) minus
     * {@code days_warn=2} only when printed in GMT-8.
     */
    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("America/Los_Angeles");

    /** {@code cert-expire-warning 14} in Pacific Time. */
    public static final CronSettings DEFAULTS = new CronSettings(14, DEFAULT_TIMEZONE);

    public CronSettings {
        if (certExpireWarningDays < 0 || certExpireWarningDays > 100) {
            throw new IllegalArgumentException("cert-expire-warning must be 0 to 100 days, got "
                + certExpireWarningDays);
        }
        Objects.requireNonNull(timezone, "timezone");
    }

    public CronSettings withCertExpireWarning(int days) {
        return new CronSettings(days, timezone);
    }

    public CronSettings withTimezone(ZoneId zone) {
        return new CronSettings(certExpireWarningDays, zone);
    }
}
