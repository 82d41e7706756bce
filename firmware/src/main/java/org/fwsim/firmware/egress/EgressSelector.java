package org.fwsim.firmware.egress;

import org.fwsim.hal.net.Ip4;

/**
 * Chooses where a self-originated connection of a VDOM leaves the appliance: the port the SCEP
 * client (enrollment, renewal, CA import) depends on. {@link EgressDaemon} implements it with
 * {@code interface-select-method auto|specify|sdwan}. Called on the appliance's mailbox.
 */
@FunctionalInterface
public interface EgressSelector {

  /**
   * @param vdom the VDOM the certificate belongs to
   * @param destination the CA's simulated IPv4 address
   * @param sourceIp the certificate's {@code source-ip}, {@link Ip4#ANY} when unset; a set one must
   *     be an address of the VDOM and steers source-based routing and SD-WAN load balancing
   * @throws EgressException naming why there is no usable egress or why the source is refused; no
   *     traffic must be sent then
   */
  Egress select(String vdom, int destination, int sourceIp) throws EgressException;
}
