/**
 * The appliance's ACME (RFC 8555) client: the protocol on values (JWS, account, order,
 * authorizations, the HTTP-01 key authorization, finalize with a PKCS#10 CSR, polling, the chain)
 * without IO, the HTTPS transport through the appliance's egress, and the HTTP-01 answer on the
 * appliance's own interface address.
 */
package org.fwsim.firmware.acme;
