/**
 * The appliance's SCEP client: {@link org.fwsim.firmware.scep.client.ScepClient} (one per VDOM,
 * {@code enroll}/{@code renew} a named local certificate) runs a {@code ScepTransaction} per
 * certificate on the appliance's mailbox. It builds its messages with {@code scep.message}, sends
 * them through a {@link org.fwsim.firmware.scep.transport.ScepTransport}, and leaves through the
 * egress an {@link org.fwsim.firmware.egress.EgressSelector} chooses; everything it needs comes in
 * a {@link org.fwsim.firmware.scep.client.ScepContext}.
 */
package org.fwsim.firmware.scep.client;
