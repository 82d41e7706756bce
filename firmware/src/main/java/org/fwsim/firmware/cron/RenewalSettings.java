package org.fwsim.firmware.cron;

import java.util.Objects;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;

/**
 * How and when forticron renews one certificate, as {@code config vpn certificate local} (or {@code
 * ca}) sets it. A renewal keeps these and changes only the certificate's notAfter.
 *
 * <p>For a local certificate {@code days}/{@code daysWarn} are {@code auto-regenerate-days} and
 * {@code auto-regenerate-days-warning}; for a CA certificate they are {@code auto-update-days} and
 * {@code auto-update-days-warning}. 0 disables either (fortios.md §1.2, §3).
 *
 * @param days days before notAfter to renew (0 = never)
 * @param daysWarn days before notAfter to warn (0 = never)
 * @param enrollProtocol {@code set enroll-protocol}: which protocol renews it (CA certificates with
 *     a {@code scep-url} renew over SCEP)
 * @param serverUrl the enrollment server: {@code set scep-url} (ACME's {@code acme-ca-url}, a CA
 *     certificate's {@code est-url}), empty if none
 * @param password {@code set scep-password}, empty if none; never printed
 * @param caIdentifier {@code set ca-identifier}, empty if none
 * @param sourceIp {@code set source-ip}, {@link Ip4#ANY} by default
 */
public record RenewalSettings(
    long days,
    long daysWarn,
    EnrollProtocol enrollProtocol,
    String serverUrl,
    String password,
    String caIdentifier,
    int sourceIp) {

  public RenewalSettings {
    serverUrl = serverUrl == null ? "" : serverUrl;
    password = password == null ? "" : password;
    caIdentifier = caIdentifier == null ? "" : caIdentifier;
  }

  /** Whether forticron watches the certificate at all: it renews it, warns about it, or both. */
  public boolean watched() {
    return days > 0 || daysWarn > 0;
  }

  /**
   * Refuses settings the CLI would not accept, naming the certificate they belong to.
   *
   * @throws NullPointerException without an enrollment protocol
   * @throws IllegalArgumentException for days outside 0 to 2^32-1
   */
  void check(String certificate) {
    Objects.requireNonNull(
        enrollProtocol, () -> "certificate " + certificate + ": enroll-protocol");
    checkDays(certificate, "auto-regenerate-days", days);
    checkDays(certificate, "auto-regenerate-days-warning", daysWarn);
  }

  private static void checkDays(String certificate, String setting, long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "certificate " + certificate + ": " + setting + " must be 0 to 4294967295, got " + value);
    }
  }

  /** Never prints the challenge password. */
  @Override
  public String toString() {
    return "days="
        + days
        + ", days_warn="
        + daysWarn
        + ", "
        + enrollProtocol.cli()
        + (serverUrl.isEmpty() ? "" : " " + serverUrl);
  }
}
