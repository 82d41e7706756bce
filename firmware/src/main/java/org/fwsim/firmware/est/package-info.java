/**
 * The appliance's EST (RFC 7030) client protocol, without IO: the HTTP requests of {@code
 * /cacerts}, {@code /simpleenroll} and {@code /simplereenroll} built as values, and their answers
 * parsed and checked before anything replaces the appliance's current certificate.
 */
package org.fwsim.firmware.est;
