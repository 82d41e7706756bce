package org.fwsim.firmware.scep.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The capabilities a CA advertises in its GetCACaps reply (RFC 8894 §3.5), and the choices a client
 * derives from them. Keywords are matched case-insensitively; unknown ones are kept but mean
 * nothing.
 */
public final class CaCaps {

  /** The keywords RFC 8894 §3.5.2 (and IANA) define, in the case a CA must write them. */
  private static final List<String> KNOWN =
      List.of(
          "AES",
          "DES3",
          "GetNextCACert",
          "POSTPKIOperation",
          "Renewal",
          "SHA-1",
          "SHA-256",
          "SHA-384",
          "SHA-512",
          "SCEPStandard");

  /** No capabilities: what an empty body or a failed GetCACaps means. */
  public static final CaCaps NONE = new CaCaps(Map.of());

  /** Upper-case keyword to its canonical (or as-received) spelling, in order of appearance. */
  private final Map<String, String> keywords;

  private CaCaps(Map<String, String> keywords) {
    this.keywords = keywords;
  }

  /** Parses a GetCACaps body: keywords separated by CRLF or LF (any whitespace is tolerated). */
  public static CaCaps parse(String body) {
    if (body == null || body.isBlank()) {
      return NONE;
    }
    Map<String, String> found = new LinkedHashMap<>();
    for (String token : body.trim().split("\\s+")) {
      found.putIfAbsent(token.toUpperCase(Locale.ROOT), canonical(token));
    }
    return new CaCaps(Collections.unmodifiableMap(found));
  }

  /** Capabilities from keywords, for a CA that advertises them. */
  public static CaCaps of(String... keywords) {
    return parse(String.join("\n", keywords));
  }

  private static String canonical(String token) {
    for (String known : KNOWN) {
      if (known.equalsIgnoreCase(token)) {
        return known;
      }
    }
    return token;
  }

  /** True if the keyword was advertised (case-insensitive). */
  public boolean has(String keyword) {
    return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
  }

  /** True if PKIOperation must go by POST (RFC 8894 §4.1). */
  public boolean postSupported() {
    return has("POSTPKIOperation") || has("SCEPStandard");
  }

  /** True if the CA accepts RenewalReq (17). */
  public boolean renewalSupported() {
    return has("Renewal");
  }

  /**
   * The content cipher to encrypt with: AES-128-CBC when AES or SCEPStandard is offered, otherwise
   * triple DES, which is also the legacy fallback for a CA that advertises nothing (never single
   * DES).
   */
  public ContentCipher cipher() {
    return has("AES") || has("SCEPStandard") ? ContentCipher.AES_128_CBC : ContentCipher.DES3;
  }

  /**
   * The message digest (JCA name) to sign with: SHA-256 when offered (or implied by SCEPStandard),
   * else SHA-512 when that is offered, else SHA-1 (also the legacy fallback for an empty list).
   */
  public String digest() {
    if (has("SHA-256") || has("SCEPStandard")) {
      return "SHA-256";
    }
    return has("SHA-512") ? "SHA-512" : "SHA-1";
  }

  /** The keywords as received (known ones in canonical case). */
  public List<String> keywords() {
    return new ArrayList<>(keywords.values());
  }

  /** The GetCACaps body for these capabilities: one keyword per line, LF separated. */
  public String toWire() {
    return String.join("\n", keywords.values());
  }

  @Override
  public String toString() {
    return String.join(" ", keywords.values());
  }
}
