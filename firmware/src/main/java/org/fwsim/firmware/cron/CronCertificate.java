package org.fwsim.firmware.cron;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
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

  /** A global local certificate with FortiOS defaults: no renewal, no warning, root VDOM. */
  public static CronCertificate local(String name, Instant notAfter) {
    return withDefaults(name, Type.LOCAL, notAfter);
  }

  /** A global CA certificate with FortiOS defaults (no auto-update). */
  public static CronCertificate ca(String name, Instant notAfter) {
    return withDefaults(name, Type.CA, notAfter);
  }

  /** A global certificate of {@code type}: no renewal, no warning, no enrollment, root VDOM. */
  private static CronCertificate withDefaults(String name, Type type, Instant notAfter) {
    return new CronCertificate(
        name,
        type,
        Range.GLOBAL,
        "root",
        0,
        0,
        0,
        EnrollProtocol.NONE,
        "",
        "",
        "",
        Ip4.ANY,
        notAfter);
  }

  /** {@code auto-regenerate-days} and {@code auto-regenerate-days-warning}. */
  public CronCertificate withDays(long renewDays, long warnDays) {
    return with(
        c -> {
          c.days = renewDays;
          c.daysWarn = warnDays;
        });
  }

  /** The same settings for a certificate that ends at {@code end} (after a renewal). */
  public CronCertificate withNotAfter(Instant end) {
    return with(c -> c.notAfter = end);
  }

  /** {@code enroll-protocol scep}, {@code scep-url} and {@code scep-password}. */
  public CronCertificate withScep(String url, String password) {
    return with(
        c -> {
          c.enrollProtocol = EnrollProtocol.SCEP;
          c.scepUrl = url;
          c.scepPassword = password;
        });
  }

  public CronCertificate withCaIdentifier(String id) {
    return with(c -> c.caIdentifier = id);
  }

  public CronCertificate withSourceIp(int ip) {
    return with(c -> c.sourceIp = ip);
  }

  /** {@code range vdom} in the VDOM {@code vdomName} with id {@code id}. */
  public CronCertificate inVdom(String vdomName, int id) {
    return with(
        c -> {
          c.range = Range.VDOM;
          c.vdom = vdomName;
          c.vfid = id;
        });
  }

  private CronCertificate with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /**
   * A mutable copy of every component, so that each {@code with*} method names only what it
   * changes; {@link #build} runs the record's checks again.
   */
  private static final class Copy {
    private final String name;
    private final Type type;
    private Range range;
    private String vdom;
    private int vfid;
    private long days;
    private long daysWarn;
    private EnrollProtocol enrollProtocol;
    private String scepUrl;
    private String scepPassword;
    private String caIdentifier;
    private int sourceIp;
    private Instant notAfter;

    Copy(CronCertificate c) {
      name = c.name;
      type = c.type;
      range = c.range;
      vdom = c.vdom;
      vfid = c.vfid;
      days = c.days;
      daysWarn = c.daysWarn;
      enrollProtocol = c.enrollProtocol;
      scepUrl = c.scepUrl;
      scepPassword = c.scepPassword;
      caIdentifier = c.caIdentifier;
      sourceIp = c.sourceIp;
      notAfter = c.notAfter;
    }

    CronCertificate build() {
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
          notAfter);
    }
  }

  /** Whether forticron renews it by itself: SCEP with a URL and {@code days > 0}. */
  public boolean autoRenews() {
    // A CA certificate has no enroll-protocol: its scep-url is what auto-update-days uses.
    boolean scep = enrollProtocol == EnrollProtocol.SCEP || type == Type.CA;
    return scep && days > 0 && !scepUrl.isEmpty();
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
