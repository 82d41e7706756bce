/**
 * SCEP (RFC 8894) messages on BouncyCastle CMS, both sides, without IO: pkiMessages built and read
 * for the appliance ({@link org.fwsim.firmware.scep.message.PkiRequests}) and for a CA ({@link
 * org.fwsim.firmware.scep.message.PkiReplies}, {@link
 * org.fwsim.firmware.scep.message.InboundRequest}), the signed and enveloped layers ({@link
 * org.fwsim.firmware.scep.message.CmsLayers}, {@link
 * org.fwsim.firmware.scep.message.SignedPkiMessage}), GetCACaps ({@link
 * org.fwsim.firmware.scep.message.CaCaps}) and GetCACert ({@link
 * org.fwsim.firmware.scep.message.CaCertificates}) replies. Everything works on bytes and values,
 * with no clock but the injected one.
 */
package org.fwsim.firmware.scep.message;
