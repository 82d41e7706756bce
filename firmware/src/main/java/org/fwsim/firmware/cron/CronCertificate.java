package org.fwsim.firmware.cron;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;

/**
 * What forticron needs to know about one certificate, mapped from {@code config vpn certificate
 * local} (or {@code ca}) and the certificate store: its identity, its renewal settings and its
 * current notAfter.
 *
 * <p>For a local certificate {@code days}/{@code daysWarn} are {@code auto-regenerate-days} and
 * {@code auto-regenerate-days-warning}; for a CA certificate they are {@code auto-update-days} and
 * {@code auto-update-days-warning}. 0 disables either (fortios.md §1.2, §3).
 *
 * @param name the {@code edit} name
 * @param type local or CA
 * @param range {@code set range global|vdom}
 * @param vdom the VDOM whose event log gets the entries; for a global certificate the management
 *     VDOM (usually {@code root})
 * @param vfid the VDOM id forticron prints ({@code vfid 0} for global certificates)
 * @param days days before notAfter to renew (0 = never)
 * @param daysWarn days before notAfter to warn (0 = never)
 * @param enrollProtocol {@code set enroll-protocol}: which protocol renews it (CA certificates with
 *     a {@code scep-url} renew over SCEP)
 * @param scepUrl {@code set scep-url}, empty if none
 * @param scepPassword {@code set scep-password}, empty if none; never printed
 * @param caIdentifier {@code set ca-identifier}, empty if none
 * @param sourceIp {@code set source-ip}, {@link Ip4#ANY} by default
 * @param notAfter the end of validity of the certificate in use now
 */
public record CronCertificate(
    String name,
    Type type,
    Range range,
    String vdom,
    int vfid,
    long days,
    long daysWarn,
    EnrollProtocol enrollProtocol,
    String scepUrl,
    String scepPassword,
    String caIdentifier,
    int sourceIp,
    Instant notAfter) {

  /** Which table the certificate lives in, spelled as {@code diagnose test} prints it. */
  public enum Type {
    LOCAL,
    CA;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code set range}: the global scope or one VDOM. */
  public enum Range {
    GLOBAL,
    VDOM;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CronCertificate {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("certificate name must not be empty");
    }
    Objects.requireNonNull(type, () -> "certificate " + name + ": type");
    Objects.requireNonNull(range, () -> "certificate " + name + ": range");
    Objects.requireNonNull(vdom, () -> "certificate " + name + ": vdom");
    Objects.requireNonNull(enrollProtocol, () -> "certificate " + name + ": enroll-protocol");
    Objects.requireNonNull(notAfter, () -> "certificate " + name + ": notAfter");
    if (days < 0 || days > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "certificate " + name + ": auto-regenerate-days must be 0 to 4294967295, got " + days);
    }
    if (daysWarn < 0 || daysWarn > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "certificate "
              + name
              + ": auto-regenerate-days-warning must be 0 to 4294967295, got "
              + daysWarn);
    }
    if (vfid < 0) {
      throw new IllegalArgumentException(
          "certificate " + name + ": vfid must be >= 0, got " + vfid);
    }
    scepUrl = scepUrl == null ? "" : scepUrl;
    scepPassword = scepPassword == null ? "" : scepPassword;
    caIdentifier = caIdentifier == null ? "" : caIdentifier;
  }

  /** The same settings for a certificate that ends at {@code end} (after a renewal). */
  public CronCertificate withNotAfter(Instant end) {
    return new CronCertificate(
        name,
        type,
        range,
        vdom,
        vfid,
        days,
        daysWarn,
        enrollProtocol,
        scepUrl,
        scepPassword,
        caIdentifier,
        sourceIp,
        end);
  }

  /**
   * Whether forticron renews it by itself: {@code days > 0} and an enrollment protocol (SCEP, and
   * ACME with its {@code acme-ca-url} in {@link #scepUrl}, only with a URL; the other protocols'
   * renewers report a missing server as a failure).
   */
  public boolean autoRenews() {
    if (days == 0) {
      return false;
    }
    // A CA certificate has no enroll-protocol: its scep-url is what auto-update-days uses.
    if (type == Type.CA
        || enrollProtocol == EnrollProtocol.SCEP
        || enrollProtocol == EnrollProtocol.ACME2) {
      return !scepUrl.isEmpty();
    }
    return enrollProtocol != EnrollProtocol.NONE;
  }

  public boolean isGlobal() {
    return range == Range.GLOBAL;
  }

  /** Never prints the challenge password. */
  @Override
  public String toString() {
    return "CronCertificate["
        + type.cliName()
        + " "
        + name
        + " ("
        + range.cliName()
        + (isGlobal() ? "" : " " + vdom)
        + ", vfid "
        + vfid
        + "), days="
        + days
        + ", days_warn="
        + daysWarn
        + ", "
        + enrollProtocol.cli()
        + (scepUrl.isEmpty() ? "" : " " + scepUrl)
        + ", notAfter="
        + notAfter
        + "]";
  }
}
