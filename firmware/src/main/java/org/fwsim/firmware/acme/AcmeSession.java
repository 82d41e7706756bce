package org.fwsim.firmware.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * One ACME enrollment (RFC 8555 §7) as a state machine on values, without IO: directory, a nonce,
 * the account ({@code newAccount}, or its known URL), {@code newOrder}, each authorization with its
 * HTTP-01 challenge, {@code finalize} with the CSR, the order polled until valid, the chain
 * downloaded and checked. {@link #start()} gives the first step; each response goes to {@link
 * #onResponse}, which gives the next step or throws the typed problem. A {@code badNonce} is
 * retried once with the nonce that came with it (RFC 8555 §6.5). Not thread-safe: one driver feeds
 * it, on the appliance's mailbox.
 */
public final class AcmeSession {

  /** How long to wait between polls when the server sends no {@code Retry-After}. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);

  private enum Phase {
    DIRECTORY,
    NONCE,
    ACCOUNT,
    ORDER,
    AUTHZ,
    CHALLENGE,
    POLL_AUTHZ,
    FINALIZE,
    POLL_ORDER,
    CERTIFICATE,
    DONE
  }

  /** A signed request not yet answered: enough to sign it again after a badNonce. */
  private record Signed(URI url, byte[] payload, boolean withJwk, String what) {}

  private final AcmeOrder order;
  private final InstantSource clock;
  private final int maxPolls;
  private final PublicKey csrKey;
  private Phase phase = Phase.DIRECTORY;
  private Phase afterNonce;
  private URI newNonce;
  private URI newAccount;
  private URI newOrder;
  private URI account;
  private URI orderUrl;
  private URI finalizeUrl;
  private URI authzUrl;
  private final Deque<URI> authorizations = new ArrayDeque<>();
  private String nonce;
  private Signed pending;
  private boolean nonceRetried;
  private int polls;

  /**
   * @param clock the appliance's clock, to read a {@code Retry-After} given as an HTTP date
   * @param maxPolls how many times one authorization or the order is polled before giving up
   */
  public AcmeSession(AcmeOrder order, InstantSource clock, int maxPolls) {
    this.order = Objects.requireNonNull(order, "order");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxPolls = maxPolls;
    this.account = order.accountUrl();
    try {
      this.csrKey = new JcaPKCS10CertificationRequest(order.csr()).getPublicKey();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("the CSR's key cannot be read", e);
    }
  }

  /** The account URL, once the server has named it (or as the order gave it). */
  public URI account() {
    return account;
  }

  /** The first step: fetch the directory. */
  public AcmeStep start() {
    return new AcmeStep.Send(AcmeRequest.get(order.directory(), "directory"));
  }

  /**
   * The step after {@code response}, the answer to the last request this session asked for.
   *
   * @throws AcmeException the server's problem document, or a reply that breaks the protocol
   */
  public AcmeStep onResponse(AcmeResponse response) throws AcmeException {
    response.replayNonce().ifPresent(n -> nonce = n);
    if (response.isProblem()) {
      return problem(response);
    }
    if (phase != Phase.NONCE) {
      nonceRetried = false;
    }
    return switch (phase) {
      case DIRECTORY -> directory(response);
      case NONCE -> afterNonce(response);
      case ACCOUNT -> account(response);
      case ORDER -> order(response);
      case AUTHZ, POLL_AUTHZ -> authorization(response);
      case CHALLENGE -> challenge(response);
      case FINALIZE, POLL_ORDER -> orderState(response);
      case CERTIFICATE -> certificate(response);
      case DONE -> throw AcmeException.protocol("a response after the enrollment ended");
    };
  }

  private AcmeStep problem(AcmeResponse response) throws AcmeException {
    JsonNode doc = json(response, true);
    AcmeException e =
        AcmeException.problem(
            response.status(), doc.path("type").asText(""), doc.path("detail").asText(""));
    if (e.error() == AcmeError.BAD_NONCE && pending != null && !nonceRetried && nonce != null) {
      nonceRetried = true;
      return new AcmeStep.Send(sign(pending));
    }
    throw e;
  }

  private AcmeStep directory(AcmeResponse response) throws AcmeException {
    JsonNode dir = json(response, false);
    newNonce = url(dir, "newNonce");
    newAccount = url(dir, "newAccount");
    newOrder = url(dir, "newOrder");
    if (account == null) {
      ObjectNode req = Jws.JSON.createObjectNode();
      req.put("termsOfServiceAgreed", true);
      if (!order.email().isEmpty()) {
        req.putArray("contact").add("mailto:" + order.email());
      }
      return signed(Phase.ACCOUNT, new Signed(newAccount, Jws.bytes(req), true, "newAccount"));
    }
    return newOrder();
  }

  private AcmeStep afterNonce(AcmeResponse response) throws AcmeException {
    if (nonce == null) {
      throw AcmeException.protocol("newNonce answered without a Replay-Nonce");
    }
    phase = afterNonce;
    return new AcmeStep.Send(sign(pending));
  }

  private AcmeStep account(AcmeResponse response) throws AcmeException {
    account =
        response
            .location(newAccount)
            .orElseThrow(() -> AcmeException.protocol("newAccount answered without a Location"));
    String status = json(response, false).path("status").asText("");
    if (!status.equals("valid")) {
      throw AcmeException.protocol("the account is " + status + ", not valid");
    }
    return newOrder();
  }

  private AcmeStep newOrder() throws AcmeException {
    ObjectNode req = Jws.JSON.createObjectNode();
    ObjectNode id = req.putArray("identifiers").addObject();
    id.put("type", "dns");
    id.put("value", order.domain());
    return signed(Phase.ORDER, new Signed(newOrder, Jws.bytes(req), false, "newOrder"));
  }

  private AcmeStep order(AcmeResponse response) throws AcmeException {
    orderUrl =
        response
            .location(newOrder)
            .orElseThrow(() -> AcmeException.protocol("newOrder answered without a Location"));
    JsonNode o = json(response, false);
    finalizeUrl = url(o, "finalize");
    for (JsonNode a : o.path("authorizations")) {
      authorizations.add(orderUrl.resolve(a.asText()));
    }
    return nextAuthorization();
  }

  private AcmeStep nextAuthorization() throws AcmeException {
    authzUrl = authorizations.poll();
    if (authzUrl == null) {
      return finalizeOrder();
    }
    polls = 0;
    return postAsGet(Phase.AUTHZ, authzUrl, "authz");
  }

  private AcmeStep authorization(AcmeResponse response) throws AcmeException {
    JsonNode authz = json(response, false);
    String status = authz.path("status").asText("");
    switch (status) {
      case "valid":
        return nextAuthorization();
      case "pending":
        if (phase == Phase.AUTHZ) {
          return answerHttp01(authz);
        }
        return poll(Phase.POLL_AUTHZ, authzUrl, "authz", response);
      case "invalid":
        throw failedValidation(authz);
      default:
        throw AcmeException.protocol(
            "authorization for " + order.domain() + " is " + quoted(status));
    }
  }

  private AcmeStep answerHttp01(JsonNode authz) throws AcmeException {
    for (JsonNode c : authz.path("challenges")) {
      if (c.path("type").asText().equals("http-01")) {
        String token = c.path("token").asText("");
        if (token.isEmpty() || !token.matches("[A-Za-z0-9_-]+")) {
          throw AcmeException.protocol("the http-01 challenge has no usable token");
        }
        URI url = url(c, "url");
        ObjectNode empty = Jws.JSON.createObjectNode();
        AcmeStep send =
            signed(Phase.CHALLENGE, new Signed(url, Jws.bytes(empty), false, "challenge"));
        return new AcmeStep.Answer(
            token, order.account().keyAuthorization(token), ((AcmeStep.Send) send).request());
      }
    }
    throw AcmeException.protocol("the server offers no http-01 challenge for " + order.domain());
  }

  private AcmeStep challenge(AcmeResponse response) throws AcmeException {
    JsonNode c = json(response, false);
    if (c.path("status").asText().equals("invalid")) {
      throw problemOf(c.path("error"), "the http-01 challenge failed");
    }
    polls = 0;
    return poll(Phase.POLL_AUTHZ, authzUrl, "authz", response);
  }

  private AcmeStep finalizeOrder() throws AcmeException {
    ObjectNode req = Jws.JSON.createObjectNode();
    req.put("csr", AccountKey.b64(order.csr()));
    polls = 0;
    return signed(Phase.FINALIZE, new Signed(finalizeUrl, Jws.bytes(req), false, "finalize"));
  }

  private AcmeStep orderState(AcmeResponse response) throws AcmeException {
    JsonNode o = json(response, false);
    String status = o.path("status").asText("");
    switch (status) {
      case "valid":
        return postAsGet(Phase.CERTIFICATE, url(o, "certificate"), "certificate");
      case "processing", "ready":
        return poll(Phase.POLL_ORDER, orderUrl, "order", response);
      case "invalid":
        throw problemOf(o.path("error"), "the order became invalid");
      default:
        throw AcmeException.protocol("the order is " + quoted(status) + " after finalize");
    }
  }

  private AcmeStep certificate(AcmeResponse response) throws AcmeException {
    phase = Phase.DONE;
    pending = null;
    return new AcmeStep.Issued(AcmeChain.read(response.body(), csrKey, order.domain()), account);
  }

  private AcmeStep poll(Phase next, URI url, String what, AcmeResponse response)
      throws AcmeException {
    if (++polls > maxPolls) {
      throw AcmeException.protocol(
          what + " of " + order.domain() + " still not final after " + maxPolls + " polls");
    }
    Duration delay = response.retryAfter(clock.instant()).orElse(DEFAULT_POLL);
    AcmeStep step = postAsGet(next, url, what);
    return step instanceof AcmeStep.Send s ? new AcmeStep.Wait(delay, s.request()) : step;
  }

  private AcmeStep postAsGet(Phase next, URI url, String what) throws AcmeException {
    return signed(next, new Signed(url, new byte[0], false, what));
  }

  /** Signs now with the nonce at hand, or first fetches one from {@code newNonce}. */
  private AcmeStep signed(Phase next, Signed request) {
    pending = request;
    if (nonce == null) {
      afterNonce = next;
      phase = Phase.NONCE;
      return new AcmeStep.Send(AcmeRequest.head(newNonce, "newNonce"));
    }
    phase = next;
    return new AcmeStep.Send(sign(request));
  }

  private AcmeRequest sign(Signed s) {
    String n = nonce;
    nonce = null; // each nonce is good for one request
    byte[] jws =
        Jws.flattened(order.account(), s.withJwk() ? null : account, n, s.url(), s.payload());
    return AcmeRequest.post(s.url(), jws, s.what());
  }

  private AcmeException failedValidation(JsonNode authz) {
    for (JsonNode c : authz.path("challenges")) {
      if (c.has("error")) {
        return problemOf(c.path("error"), "validation of " + order.domain() + " failed");
      }
    }
    return AcmeException.problem(
        403, AcmeError.UNAUTHORIZED.urn(), "authorization for " + order.domain() + " is invalid");
  }

  private static AcmeException problemOf(JsonNode error, String fallback) {
    if (error.isMissingNode()) {
      return AcmeException.protocol(fallback);
    }
    return AcmeException.problem(
        error.path("status").asInt(0),
        error.path("type").asText(""),
        error.path("detail").asText(fallback));
  }

  private static JsonNode json(AcmeResponse response, boolean problem) throws AcmeException {
    try {
      JsonNode n = Jws.JSON.readTree(response.body());
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      if (problem) {
        throw AcmeException.problem(response.status(), "", "HTTP " + response.status());
      }
      throw AcmeException.protocol("the server's answer is no JSON object: " + e.getMessage());
    }
  }

  private static URI url(JsonNode n, String field) throws AcmeException {
    String v = n.path(field).asText("");
    if (v.isEmpty()) {
      throw AcmeException.protocol("the server's answer has no " + field + " URL");
    }
    try {
      return URI.create(v);
    } catch (IllegalArgumentException e) {
      throw AcmeException.protocol("the " + field + " URL " + quoted(v) + " is malformed");
    }
  }

  private static String quoted(String s) {
    return "'" + s + "'";
  }
}
