package org.fwsim.firmware.scep.message;

/**
 * Sizes seen while reading a CertRep, as the FortiOS {@code pkcs7_unwrap} trace prints them.
 *
 * @param pkiMessageSize size of the outer PKCS#7 ("PKCS#7 payload size")
 * @param envelopedSize bytes of enveloped data inside ("contains N bytes of enveloped data"), 0 if
 *     none
 * @param innerPayloadSize size of the decrypted inner PKCS#7, 0 when there was no envelope
 */
public record UnwrapStats(int pkiMessageSize, int envelopedSize, int innerPayloadSize) {}
