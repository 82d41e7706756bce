package org.fwsim.firmware.config;

/**
 * Effective {@code config vpn certificate setting} (the parts daemons read).
 *
 * @param interfaceName {@code interface}, meaningful with {@link InterfaceSelectMethod#SPECIFY}
 * @param sourceIp {@code source-ip} text, "" when unset
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
    boolean crlChainAbsenceRevoke) {}
