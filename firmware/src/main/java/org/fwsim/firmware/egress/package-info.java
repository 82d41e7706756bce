/**
 * Egress of self-originated traffic (the SCEP path): {@code interface-select-method}
 * auto/specify/sdwan, the source address, SD-WAN members, service rules and health checks.
 *
 * <p>It reads the typed configuration ({@code org.fwsim.firmware.config}: {@link
 * org.fwsim.firmware.config.VpnCertificateSetting}, {@link org.fwsim.firmware.config.SdwanConfig})
 * directly, never the CLI tree. {@link org.fwsim.firmware.egress.EgressSelector} is the port the
 * SCEP client depends on; {@link org.fwsim.firmware.egress.EgressDaemon} implements it per
 * appliance: it follows each commit, runs SD-WAN health per VDOM and applies the {@link
 * org.fwsim.firmware.egress.EgressRules}.
 */
package org.fwsim.firmware.egress;
