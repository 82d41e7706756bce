/**
 * CMPv2 (RFC 4210 with RFC 9480's updates) without IO: PKIMessages built, protected (a MAC over a
 * shared secret, or a signature), parsed and checked on values with BouncyCastle's CMP and CRMF
 * classes, for the appliance's client and the embedded CA alike; the HTTP transport (RFC 6712) sits
 * at the edge.
 */
package org.fwsim.firmware.cmp;
