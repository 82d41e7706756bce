/**
 * SCEP (RFC 8894) on BouncyCastle CMS: building and parsing pkiMessages for the appliance ({@link
 * org.fwsim.firmware.scep.ScepClientCodec}) and the CA ({@link
 * org.fwsim.firmware.scep.ScepServerCodec}), GetCACaps ({@link org.fwsim.firmware.scep.CaCaps}) and
 * GetCACert ({@link org.fwsim.firmware.scep.CaCertificates}) replies. The codec classes work on
 * bytes: no IO, no clock but the injected one.
 *
 * <p>The client side on top of them: {@link org.fwsim.firmware.scep.ScepClient} (one per VDOM,
 * {@code enroll}/{@code renew} a named local certificate) runs a {@code ScepTransaction} per
 * certificate on the appliance's mailbox, over the transport in {@code .transport}, with the egress
 * chosen by an {@link org.fwsim.firmware.egress.EgressSelector}; everything it needs comes in a
 * {@link org.fwsim.firmware.scep.ScepContext}.
 */
package org.fwsim.firmware.scep;
