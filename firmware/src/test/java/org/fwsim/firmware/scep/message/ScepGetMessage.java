package org.fwsim.firmware.scep.message;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code message=} value of a GET PKIOperation (RFC 8894 §4.3): base64 with the standard
 * alphabet (not base64url), then URL-escaped.
 */
public final class ScepGetMessage {

  private ScepGetMessage() {}

  /** The URL-escaped base64 of a pkiMessage, ready to follow {@code message=}. */
  public static String encode(byte[] pkiMessage) {
    return URLEncoder.encode(
        Base64.getEncoder().encodeToString(pkiMessage), StandardCharsets.US_ASCII);
  }

  /** Decodes a raw (still URL-escaped) {@code message=} value back to the pkiMessage bytes. */
  public static byte[] decode(String urlEscaped) throws ScepException {
    if (urlEscaped == null || urlEscaped.isEmpty()) {
      throw ScepException.of(FailInfo.BAD_REQUEST, "GET PKIOperation has no message= value");
    }
    String base64;
    try {
      base64 = URLDecoder.decode(urlEscaped, StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw ScepException.of(
          FailInfo.BAD_REQUEST, "message= is not valid URL escaping: " + e.getMessage());
    }
    return decodeBase64(base64);
  }

  /**
   * Decodes an already URL-decoded value. A client that forgot to escape '+' has it turned into a
   * space by URL decoding, so spaces are read back as '+'; line breaks are ignored.
   */
  public static byte[] decodeBase64(String base64) throws ScepException {
    try {
      return Base64.getMimeDecoder().decode(base64.replace(' ', '+'));
    } catch (IllegalArgumentException e) {
      throw ScepException.of(
          FailInfo.BAD_REQUEST, "message= is not standard base64: " + e.getMessage());
    }
  }
}
