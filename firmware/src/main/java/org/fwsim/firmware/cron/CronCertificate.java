package org.fwsim.firmware.cron;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
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
 * @param enrollProtocol {@code set enroll-protocol}; only {@code scep} renews (CA certificates with
 *     a {@code scep-url} count as scep)
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

  /** {@code set enroll-protocol} values (fortios.md §1.2); forticron renews only over SCEP. */
  public enum EnrollProtocol {
    NONE,
    SCEP,
    CMPV2,
    ACME2,
    EST
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
   * Whether forticron renews it by itself: SCEP with a URL, or ACME (its {@code acme-ca-url} in
   * {@link #scepUrl}), and {@code days > 0}.
   */
  public boolean autoRenews() {
    // A CA certificate has no enroll-protocol: its scep-url is what auto-update-days uses.
    boolean scep = enrollProtocol == EnrollProtocol.SCEP || type == Type.CA;
    boolean acme = enrollProtocol == EnrollProtocol.ACME2 && type == Type.LOCAL;
    return (scep || acme) && days > 0 && !scepUrl.isEmpty();
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
        + enrollProtocol.name().toLowerCase(Locale.ROOT)
        + (scepUrl.isEmpty() ? "" : " " + scepUrl)
        + ", notAfter="
        + notAfter
        + "]";
  }
}
