/**
 * Egress of self-originated traffic (the SCEP path): {@code interface-select-method}
 * auto/specify/sdwan, the source address, SD-WAN members, service rules and health checks.
 *
 * <p>Inputs are small immutable records ({@link org.fwsim.firmware.egress.SdwanConfig},
 * {@link org.fwsim.firmware.egress.CertificateEgressSetting}) that the CLI layer maps its
 * configuration to; this package does not read the CLI model.
 */
package org.fwsim.firmware.egress;
