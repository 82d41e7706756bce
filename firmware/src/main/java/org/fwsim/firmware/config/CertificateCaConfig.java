package org.fwsim.firmware.config;

/** Effective {@code config vpn certificate ca} entry. */
public record CertificateCaConfig(
    String name,
    String caPem,
    String range,
    String source,
    boolean sslInspectionTrusted,
    String scepUrl,
    long autoUpdateDays,
    long autoUpdateDaysWarning,
    int sourceIp,
    String caIdentifier,
    boolean obsolete,
    String estUrl) {}
