/**
 * What the fleet's management planes plug into: the {@link
 * org.fwsim.testbench.mgmt.ManagementPlane} interface and the {@link
 * org.fwsim.testbench.mgmt.ManagedDevices} directory it serves. The planes themselves live in
 * sub-packages ({@code mgmt.ssh}, {@code mgmt.https}).
 */
package org.fwsim.testbench.mgmt;
