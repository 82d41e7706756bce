package org.fwsim.firmware.config;

/**
 * Effective {@code config vpn certificate setting} (the parts daemons read).
 *
 * @param interfaceName {@code interface}, meaningful with {@link InterfaceSelectMethod#SPECIFY}; ""
 *     when unset
 * @param sourceIp {@code source-ip} text (AIA and OCSP queries, not the SCEP path), "" when unset
 * @param crlExpiryRevoke {@code crl-verification expiry revoke}
 */
public record VpnCertificateSetting(
    InterfaceSelectMethod interfaceSelectMethod,
    String interfaceName,
    String sourceIp,
    int certExpireWarningDays,
    boolean checkCaCert,
    boolean checkCaChain,
    String ocspStatus,
    int vrfSelect,
    boolean crlExpiryRevoke,
    boolean crlLeafAbsenceRevoke,
    boolean crlChainAbsenceRevoke) {

  /** The FortiOS defaults, as a fresh VDOM has them. */
  public static final VpnCertificateSetting DEFAULTS =
      new VpnCertificateSetting(
          InterfaceSelectMethod.AUTO, "", "", 14, true, false, "disable", 0, false, false, false);

  /** Null texts are empty. */
  public VpnCertificateSetting {
    interfaceName = interfaceName == null ? "" : interfaceName;
    sourceIp = sourceIp == null ? "" : sourceIp;
  }

  /** The defaults with {@code interface-select-method specify} and {@code interface <name>}. */
  public static VpnCertificateSetting specify(String interfaceName) {
    return DEFAULTS.withInterfaceSelect(InterfaceSelectMethod.SPECIFY, interfaceName);
  }

  /** The defaults with {@code interface-select-method sdwan}. */
  public static VpnCertificateSetting sdwan() {
    return DEFAULTS.withInterfaceSelect(InterfaceSelectMethod.SDWAN, "");
  }

  /** This setting with another {@code interface-select-method} and {@code interface}. */
  public VpnCertificateSetting withInterfaceSelect(InterfaceSelectMethod method, String name) {
    return new VpnCertificateSetting(
        method,
        name,
        sourceIp,
        certExpireWarningDays,
        checkCaCert,
        checkCaChain,
        ocspStatus,
        vrfSelect,
        crlExpiryRevoke,
        crlLeafAbsenceRevoke,
        crlChainAbsenceRevoke);
  }
}
