/**
 * forticron's certificate lifecycle: {@link org.fwsim.firmware.cron.Forticron} keeps one {@code
 * cert_upd} timer per appliance on the virtual clock, warns before expiry, renews over SCEP through
 * a {@link org.fwsim.firmware.cron.CertRenewer}, retries on the {@link
 * org.fwsim.firmware.cron.RetrySchedule}, marks expiry, and answers {@code diagnose test
 * application forticron}.
 *
 * <p>Facts come from fortios.md §1, §2, §5, §6 and the seed article KB-420924 (its trace and {@code
 * forticron 2} output are golden tests). What FortiOS does not document is marked INFERENCE where
 * it is decided: the retry schedule, the answer timeouts, the one-day timer cap, the menu of {@code
 * diagnose test application forticron}, the log {@code msg} texts, and the global {@code
 * cert-expire-warning} leaving {@code warning_logged} to the per-certificate warning.
 */
package org.fwsim.firmware.cron;
