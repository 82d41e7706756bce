/**
 * Egress of self-originated traffic (the SCEP path): {@code interface-select-method}
 * auto/specify/sdwan, the source address, SD-WAN members, service rules and health checks.
 *
 * <p>Inputs are small immutable records ({@link org.fwsim.firmware.egress.SdwanConfig}, {@link
 * org.fwsim.firmware.egress.CertificateEgressSetting}); {@code ConfigMapping} builds them from the
 * typed configuration views ({@code org.fwsim.firmware.config}), never from the CLI tree. {@link
 * org.fwsim.firmware.egress.EgressDaemon} is the per-appliance wiring: it follows each commit, runs
 * SD-WAN health per VDOM and is the SCEP client's {@link org.fwsim.firmware.scep.EgressSelector}.
 */
package org.fwsim.firmware.egress;
