package org.fwsim.firmware.cron;

import java.time.Instant;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.net.Ip4;

/**
 * A {@link CronCertificate} for tests, starting from FortiOS's defaults (range global, root VDOM,
 * no renewal, no warning, no enrollment): each step names only what it changes, and {@link #build}
 * runs the record's checks.
 */
public final class TestCronCertificate {
  private final String name;
  private final CertificateIdentity.Type type;
  private final Instant notAfter;
  private CertificateIdentity.Range range = CertificateIdentity.Range.GLOBAL;
  private String vdom = "root";
  private int vfid;
  private long days;
  private long daysWarn;
  private EnrollProtocol enrollProtocol = EnrollProtocol.NONE;
  private String scepUrl = "";
  private String scepPassword = "";
  private int sourceIp = Ip4.ANY;

  private TestCronCertificate(String name, CertificateIdentity.Type type, Instant notAfter) {
    this.name = name;
    this.type = type;
    this.notAfter = notAfter;
  }

  /** A local certificate ({@code config vpn certificate local}). */
  public static TestCronCertificate local(String name, Instant notAfter) {
    return new TestCronCertificate(name, CertificateIdentity.Type.LOCAL, notAfter);
  }

  /** A CA certificate ({@code config vpn certificate ca}). */
  public static TestCronCertificate ca(String name, Instant notAfter) {
    return new TestCronCertificate(name, CertificateIdentity.Type.CA, notAfter);
  }

  /** The seed article's configuration: renew 7 days before expiry, warn 14 days before. */
  public static TestCronCertificate seed(String name, Instant notAfter) {
    return local(name, notAfter)
        .withDays(7, 14)
        .withScep("http://10.5.149.111/app/cert/scep/", "fortinet");
  }

  /** {@code auto-regenerate-days} and {@code auto-regenerate-days-warning}. */
  public TestCronCertificate withDays(long renewDays, long warnDays) {
    days = renewDays;
    daysWarn = warnDays;
    return this;
  }

  /** {@code enroll-protocol}, with no server settings of its own. */
  public TestCronCertificate withProtocol(EnrollProtocol protocol) {
    enrollProtocol = protocol;
    return this;
  }

  /** {@code enroll-protocol scep}, {@code scep-url} and {@code scep-password}. */
  public TestCronCertificate withScep(String url, String password) {
    enrollProtocol = EnrollProtocol.SCEP;
    scepUrl = url;
    scepPassword = password;
    return this;
  }

  /**
   * {@code enroll-protocol} with the server it renews from: a CA certificate's {@code est-url}
   * (with {@link EnrollProtocol#EST}), or ACME's {@code acme-ca-url}.
   */
  public TestCronCertificate withServer(EnrollProtocol protocol, String url) {
    enrollProtocol = protocol;
    scepUrl = url;
    return this;
  }

  TestCronCertificate withSourceIp(int ip) {
    sourceIp = ip;
    return this;
  }

  /** {@code range vdom} in the VDOM {@code vdomName} with id {@code id}. */
  TestCronCertificate inVdom(String vdomName, int id) {
    range = CertificateIdentity.Range.VDOM;
    vdom = vdomName;
    vfid = id;
    return this;
  }

  public CronCertificate build() {
    return new CronCertificate(
        new CertificateIdentity(name, type, range, vdom, vfid),
        new RenewalSettings(days, daysWarn, enrollProtocol, scepUrl, scepPassword, "", sourceIp),
        notAfter);
  }
}
