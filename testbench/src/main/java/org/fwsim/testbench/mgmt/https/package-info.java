/**
 * The fleet's HTTPS management plane: one Netty TLS server kind for every appliance, routing each
 * connection by the local address it reached to the appliance listening there, presenting the
 * certificate that appliance's {@code admin-server-cert} names and handing requests to its REST API
 * on its mailbox.
 */
package org.fwsim.testbench.mgmt.https;
