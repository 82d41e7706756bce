package org.fwsim.firmware.acme;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The flattened JSON serialization of a JWS (RFC 7515 §7.2.2) as RFC 8555 §6.2 wants it: a
 * protected header with {@code alg}, {@code nonce}, {@code url} and either the {@code jwk} (for
 * {@code newAccount}) or the account URL as {@code kid}; an empty payload for POST-as-GET.
 */
public final class Jws {

  static final ObjectMapper JSON = new ObjectMapper();

  private Jws() {}

  /**
   * Signs {@code payload} for {@code url}.
   *
   * @param kid the account URL, or null to embed the key's JWK (only {@code newAccount} does)
   * @param payload the JSON payload, or an empty array for POST-as-GET
   */
  public static byte[] flattened(AccountKey key, URI kid, String nonce, URI url, byte[] payload) {
    ObjectNode header = JSON.createObjectNode();
    header.put("alg", key.alg());
    if (kid == null) {
      header.set("jwk", JSON.valueToTree(key.jwk()));
    } else {
      header.put("kid", kid.toString());
    }
    header.put("nonce", nonce);
    header.put("url", url.toString());
    String protectedPart = AccountKey.b64(bytes(header));
    String payloadPart = AccountKey.b64(payload);
    byte[] signature =
        key.sign((protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII));
    ObjectNode jws = JSON.createObjectNode();
    jws.put("protected", protectedPart);
    jws.put("payload", payloadPart);
    jws.put("signature", AccountKey.b64(signature));
    return bytes(jws);
  }

  static byte[] bytes(Object tree) {
    try {
      return JSON.writeValueAsBytes(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
