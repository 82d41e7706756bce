package org.fwsim.firmware.scep;

/**
 * Chooses the egress (interface and source address) for a SCEP connection of a VDOM to a CA. The
 * egress issue ({@code interface-select-method auto|specify|sdwan}) replaces the route-lookup
 * implementation; the SCEP client only depends on this interface. Called on the appliance's
 * mailbox.
 */
@FunctionalInterface
public interface EgressSelector {

  /**
   * @param vdom the VDOM the certificate belongs to
   * @param destination the CA's simulated IPv4 address ({@link org.fwsim.hal.net.Ip4} form)
   * @throws EgressException naming why there is no usable egress (no route, interface down, no
   *     address)
   */
  Egress select(String vdom, int destination) throws EgressException;

  /**
   * As {@link #select(String, int)} for a certificate with a {@code source-ip}: implementations
   * that know the VDOM's addresses check that it belongs to the VDOM.
   *
   * @param sourceIp the certificate's {@code source-ip}, {@link org.fwsim.hal.net.Ip4#ANY} when
   *     unset
   * @throws EgressException naming why there is no usable egress or why the source is refused
   */
  default Egress select(String vdom, int destination, int sourceIp) throws EgressException {
    return select(vdom, destination);
  }
}
