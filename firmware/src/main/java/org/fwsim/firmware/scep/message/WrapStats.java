package org.fwsim.firmware.scep.message;

/**
 * Sizes of a built pkiMessage, as the FortiOS {@code pkcs7_wrap} trace prints them.
 *
 * @param dataPayloadSize DER size of the messageData (PKCS#10, IssuerAndSubject, ...)
 * @param envelopeSize DER size of the pkcsPKIEnvelope (EnvelopedData)
 * @param pkiMessageSize DER size of the outer SignedData (the POST body)
 * @param base64EncodedSize size of the base64 text with a newline after every 64 characters and at
 *     the end (OpenSSL BIO_f_base64 layout, which matches the FortiOS figures)
 */
public record WrapStats(
    int dataPayloadSize, int envelopeSize, int pkiMessageSize, int base64EncodedSize) {

  static int base64LinesSize(int derSize) {
    int chars = 4 * ((derSize + 2) / 3);
    int newlines = (chars + 63) / 64;
    return chars + newlines;
  }
}
