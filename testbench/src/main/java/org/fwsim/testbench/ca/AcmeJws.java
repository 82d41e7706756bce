package org.fwsim.testbench.ca;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fwsim.firmware.acme.AccountKey;
import org.fwsim.firmware.acme.AcmeError;

/**
 * A client's flattened JWS (RFC 8555 §6.2) as the server reads it, before anything is trusted: the
 * protected header's {@code alg}, {@code nonce}, {@code url} and either {@code jwk} or {@code kid},
 * the payload, and the signing input and signature to verify with the account's key.
 *
 * @param jwk the embedded key ({@code newAccount}), or null
 * @param kid the account URL, or null
 * @param payload the decoded payload; empty for POST-as-GET
 */
record AcmeJws(
    String alg,
    String nonce,
    String url,
    Map<String, String> jwk,
    String kid,
    byte[] payload,
    byte[] signingInput,
    byte[] signature) {

  /**
   * Reads {@code body}.
   *
   * @throws AcmeProblem malformed for anything that is not a flattened JWS with the header ACME
   *     asks; badSignatureAlgorithm for an algorithm other than ES256 or RS256
   */
  static AcmeJws parse(byte[] body) throws AcmeProblem {
    JsonNode jws = AcmeJson.read(body, "the request");
    String protectedPart = text(jws, "protected");
    String payloadPart = text(jws, "payload");
    String signaturePart = text(jws, "signature");
    JsonNode header = AcmeJson.read(decode(protectedPart, "protected"), "the protected header");
    String alg = header.path("alg").asText("");
    if (!alg.equals("ES256") && !alg.equals("RS256")) {
      throw new AcmeProblem(
          AcmeError.BAD_SIGNATURE_ALGORITHM, 400, "alg " + quoted(alg) + ": ES256 or RS256 only");
    }
    String nonce = header.path("nonce").asText("");
    String url = header.path("url").asText("");
    if (nonce.isEmpty() || url.isEmpty()) {
      throw AcmeProblem.malformed("the protected header needs a nonce and a url");
    }
    boolean hasJwk = header.has("jwk");
    boolean hasKid = header.has("kid");
    if (hasJwk == hasKid) {
      throw AcmeProblem.malformed("the protected header needs exactly one of jwk and kid");
    }
    return new AcmeJws(
        alg,
        nonce,
        url,
        hasJwk ? members(header.path("jwk")) : null,
        hasKid ? header.path("kid").asText("") : null,
        decode(payloadPart, "payload"),
        (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII),
        decode(signaturePart, "signature"));
  }

  /**
   * Checks the signature with {@code key}.
   *
   * @throws AcmeProblem malformed when the key's algorithm is not the header's or it does not
   *     verify
   */
  void verify(AccountKey key) throws AcmeProblem {
    if (!key.alg().equals(alg)) {
      throw AcmeProblem.malformed("alg " + alg + " does not fit the account's key");
    }
    if (!key.verify(signingInput, signature)) {
      throw AcmeProblem.malformed("the JWS signature does not verify");
    }
  }

  /** Whether the payload is empty: a POST-as-GET (RFC 8555 §6.3). */
  boolean postAsGet() {
    return payload.length == 0;
  }

  private static Map<String, String> members(JsonNode jwk) throws AcmeProblem {
    if (!jwk.isObject()) {
      throw AcmeProblem.malformed("the jwk is no JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = jwk.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isTextual()) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) throws AcmeProblem {
    JsonNode v = n.path(field);
    if (!v.isTextual()) {
      throw AcmeProblem.malformed("the JWS has no " + field);
    }
    return v.asText();
  }

  private static byte[] decode(String b64, String what) throws AcmeProblem {
    try {
      return AccountKey.unb64(b64);
    } catch (IllegalArgumentException e) {
      throw AcmeProblem.malformed("the JWS " + what + " is not base64url");
    }
  }

  private static String quoted(String s) {
    return "'" + LogText.bounded(s, 32) + "'";
  }
}
