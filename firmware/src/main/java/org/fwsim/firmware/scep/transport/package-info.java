/**
 * SCEP over HTTP/1.1 on Netty, the only IO of the SCEP path: {@link
 * org.fwsim.firmware.scep.transport.ScepHttpClient} implements {@link
 * org.fwsim.firmware.scep.transport.ScepTransport} with one connection per request, opened by a
 * {@link org.fwsim.firmware.scep.transport.ScepConnector} (over the HAL underlay: {@link
 * org.fwsim.firmware.scep.transport.UnderlayScepConnector}), and prints forticron's connection
 * traces.
 */
package org.fwsim.firmware.scep.transport;
