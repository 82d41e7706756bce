package org.fwsim.firmware.config;

/** Effective {@code config vpn certificate crl} entry. */
public record CertificateCrlConfig(
    String name,
    String crlPem,
    String range,
    String source,
    String updateVdom,
    String httpUrl,
    String scepUrl,
    String scepCert,
    long updateIntervalSeconds,
    int sourceIp) {}
