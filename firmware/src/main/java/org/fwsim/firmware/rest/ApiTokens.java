package org.fwsim.firmware.rest;

import java.util.HashMap;
import java.util.Map;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTree;

/**
 * Verified API tokens of one appliance, so a client sending the same token with every request pays
 * one SHA-256 rather than a scan that reveals every api-user's concealed key. An entry remembers
 * the concealed {@code api-key} value it was verified against and counts only while the api-user
 * still holds exactly that value: a new key ({@code execute api-user generate-key}), a deleted
 * api-user or a restored configuration drops it at the next request. Only hashes are kept, never a
 * token. Mailbox only.
 */
final class ApiTokens {
  /** Tokens of one appliance in use at once; past this the cache starts over. */
  private static final int CAPACITY = 64;

  private record Verified(String user, Object apiKey) {}

  private Map<String, Verified> byHash; // made on the first token: idle devices hold nothing

  /** The api-user whose key {@code token} is, or null. */
  String userOf(ConfigTree tree, String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String hash = ApiKeys.hash(token);
    Verified v = byHash == null ? null : byHash.get(hash);
    if (v != null) {
      ConfigObject user = tree.global().table("system api-user").get(v.user());
      if (user != null && user.configured("api-key") == v.apiKey()) {
        return v.user();
      }
      byHash.remove(hash);
    }
    String name = ApiKeys.userOfHash(tree, hash);
    if (name != null) {
      if (byHash == null || byHash.size() >= CAPACITY) {
        byHash = new HashMap<>();
      }
      Object apiKey = tree.global().table("system api-user").get(name).configured("api-key");
      byHash.put(hash, new Verified(name, apiKey));
    }
    return name;
  }
}
