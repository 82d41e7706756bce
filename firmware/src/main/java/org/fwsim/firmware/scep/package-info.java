/**
 * SCEP (RFC 8894) on BouncyCastle CMS: building and parsing pkiMessages for the appliance
 * ({@link org.fwsim.firmware.scep.ScepClientCodec}) and the CA ({@link org.fwsim.firmware.scep.ScepServerCodec}),
 * GetCACaps ({@link org.fwsim.firmware.scep.CaCaps}) and GetCACert ({@link org.fwsim.firmware.scep.CaCertificates})
 * replies. Everything here works on bytes: no IO, no clock but the injected one.
 */
package org.fwsim.firmware.scep;
