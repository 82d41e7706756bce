package org.fwsim.firmware.config;

import java.util.Optional;

/**
 * Effective {@code config vpn certificate local} entry, with the fields the SCEP and EST clients
 * and forticron read. PEM fields are "" when absent; secrets are empty when unset.
 */
public record CertificateLocalConfig(
    String name,
    String comments,
    Optional<Secret> password,
    String privateKeyPem,
    String certificatePem,
    String csrPem,
    String state,
    String scepUrl,
    String range,
    String source,
    long autoRegenerateDays,
    long autoRegenerateDaysWarning,
    Optional<Secret> scepPassword,
    String caIdentifier,
    String nameEncoding,
    int sourceIp,
    String ikeLocalId,
    String ikeLocalIdType,
    EnrollProtocol enrollProtocol,
    boolean privateKeyRetain,
    EstSettings est,
    CmpSettings cmp) {

  /** {@code enroll-protocol scep}. */
  public boolean scepEnrollment() {
    return enrollProtocol == EnrollProtocol.SCEP;
  }
}
