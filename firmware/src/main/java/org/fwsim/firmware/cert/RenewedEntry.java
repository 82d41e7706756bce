package org.fwsim.firmware.cert;

import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * A local certificate that forticron renews, as every protocol's renewal starts from it.
 *
 * @param entry its {@code config vpn certificate local} entry in force
 * @param current the certificate and key in force, which the renewal replaces
 */
public record RenewedEntry(CertificateLocalConfig entry, LocalCertificate current) {}
