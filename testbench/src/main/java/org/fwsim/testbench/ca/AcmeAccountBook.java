package org.fwsim.testbench.ca;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.fwsim.firmware.acme.AccountKey;
import org.fwsim.firmware.acme.AcmeError;
import org.fwsim.testbench.ca.AcmeObjects.Account;

/**
 * The ACME server's accounts and nonces (RFC 8555 §7.3, §6.5): registers a key with {@code
 * newAccount} (known by its RFC 7638 thumbprint, so a key registers once), and checks every later
 * request's signer: its {@code kid}, its signature, its nonce, good once. Any thread.
 */
final class AcmeAccountBook {

  private final AcmeNonces nonces;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Map<String, Account> byThumbprint = new ConcurrentHashMap<>();
  private final Supplier<String> ids;

  /**
   * @param ids the server's identifiers, shared with its orders
   * @param clock the CA's clock, which nonces expire on
   */
  AcmeAccountBook(Supplier<String> ids, java.time.InstantSource clock) {
    this.ids = ids;
    this.nonces = new AcmeNonces(clock);
  }

  /** Nonces remembered now (for tests). */
  int nonces() {
    return nonces.remembered();
  }

  /** A fresh nonce for a {@code Replay-Nonce}. */
  String nonce() {
    return nonces.issue();
  }

  /** The RFC 7638 thumbprint of account {@code id}'s key: the key authorization's second half. */
  String thumbprint(String id) {
    return accounts.get(id).thumbprint();
  }

  AcmeReply newAccount(AcmeJws jws, String base) throws AcmeProblem {
    if (jws.jwk() == null) {
      throw AcmeProblem.malformed("newAccount is signed with the account's jwk, not a kid");
    }
    AccountKey key;
    try {
      key = AccountKey.fromJwk(jws.jwk());
    } catch (IllegalArgumentException e) {
      throw new AcmeProblem(AcmeError.BAD_PUBLIC_KEY, 400, e.getMessage());
    }
    jws.verify(key);
    consumeNonce(jws);
    JsonNode req = jws.postAsGet() ? AcmeJson.object() : AcmeJson.read(jws.payload(), "newAccount");
    String thumbprint = key.thumbprint();
    Account known = byThumbprint.get(thumbprint);
    if (known != null) {
      return accountReply(known, base, 200);
    }
    if (req.path("onlyReturnExisting").asBoolean(false)) {
      throw new AcmeProblem(AcmeError.ACCOUNT_DOES_NOT_EXIST, 400, "no account has this key");
    }
    List<String> contact = new ArrayList<>();
    for (JsonNode c : req.path("contact")) {
      String v = c.asText("");
      if (!v.startsWith("mailto:") || v.length() == "mailto:".length()) {
        throw new AcmeProblem(
            AcmeError.UNSUPPORTED_CONTACT,
            400,
            "contact " + LogText.bounded(v, 64) + ": mailto only");
      }
      contact.add(v);
    }
    Account fresh = new Account(ids.get(), key, thumbprint, List.copyOf(contact));
    Account won = byThumbprint.putIfAbsent(thumbprint, fresh);
    if (won != null) {
      return accountReply(won, base, 200); // the same key registered twice at once
    }
    accounts.put(fresh.id(), fresh);
    return accountReply(fresh, base, 201);
  }

  private AcmeReply accountReply(Account a, String base, int status) {
    return AcmeReply.json(status, "newAccount", AcmeJson.bytes(a.json(base)))
        .with("Location", base + "acct/" + a.id());
  }

  /** The account a kid names, after its signature and nonce were checked. */
  Account signer(AcmeJws jws, String base) throws AcmeProblem {
    if (jws.kid() == null) {
      throw AcmeProblem.malformed("requests after newAccount are signed with the account's kid");
    }
    String prefix = base + "acct/";
    Account a =
        jws.kid().startsWith(prefix) ? accounts.get(jws.kid().substring(prefix.length())) : null;
    if (a == null) {
      throw new AcmeProblem(
          AcmeError.ACCOUNT_DOES_NOT_EXIST, 400, "no account " + LogText.bounded(jws.kid(), 80));
    }
    jws.verify(a.key());
    consumeNonce(jws);
    return a;
  }

  private void consumeNonce(AcmeJws jws) throws AcmeProblem {
    if (!nonces.consume(jws.nonce())) {
      throw new AcmeProblem(AcmeError.BAD_NONCE, 400, "the nonce is unknown or was used");
    }
  }

  AcmeReply own(Account a, String id, String base) throws AcmeProblem {
    if (!a.id().equals(id)) {
      throw AcmeProblem.unauthorized("the account is not the signer's");
    }
    return accountReply(a, base, 200);
  }
}
