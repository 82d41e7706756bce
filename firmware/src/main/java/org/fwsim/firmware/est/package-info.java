/**
 * The appliance's EST (RFC 7030) client, {@code enroll-protocol est}: the requests of {@code
 * /cacerts}, {@code /simpleenroll} and {@code /simplereenroll} built as values and their answers
 * checked without IO ({@link org.fwsim.firmware.est.EstRequest}, {@link
 * org.fwsim.firmware.est.EstAnswer}); the exchange over TLS on Netty through the appliance's egress
 * ({@link org.fwsim.firmware.est.EstHttpsClient}), or over TLS-SRP (RFC 5054) on BouncyCastle's TLS
 * bridged into Netty ({@link org.fwsim.firmware.est.BcTlsHandler}); enrollment, forticron's renewal
 * and {@code ca import est} ({@link org.fwsim.firmware.est.EstProtocol}) and their commands.
 */
package org.fwsim.firmware.est;
