package org.fwsim.testbench.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.fwsim.firmware.acme.AcmeError;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.testbench.ca.AcmeObjects.Account;
import org.fwsim.testbench.ca.AcmeObjects.Authz;
import org.fwsim.testbench.ca.AcmeObjects.Order;

/**
 * The embedded CA's ACME server (RFC 8555) without IO: the directory, nonces, accounts, orders,
 * authorizations with HTTP-01 challenges validated through a {@link Validation} port, finalize with
 * the CSR checked against the order ({@link AcmeCsrCheck}) and issued by the same issuer as SCEP
 * and EST on the CA's clock, and the chain's download. Every refusal is a problem document; a nonce
 * is good once. Any thread: the CA's workers call it.
 */
final class AcmeAuthority {

  /** Where the server's resources live; {@code /acme/directory} is the entry point. */
  static final String PREFIX = "/acme/";

  /** How long an order and its authorizations stay open, from the CA's clock. */
  static final Duration ORDER_LIFETIME = Duration.ofDays(7);

  /** Fetches the HTTP-01 answer for a domain: the body of {@code /.well-known/acme-challenge/}. */
  @FunctionalInterface
  interface Validation {
    /** Completes with the body served for {@code token} at {@code domain}, or fails with why. */
    CompletableFuture<String> fetch(String domain, String token);
  }

  /**
   * One request: what the HTTP decoder saw. {@code host} is the {@code Host} header, which makes
   * the absolute URLs (the server answers under whatever address the client reached it at).
   */
  record Call(String method, String path, String host, String contentType, byte[] body) {}

  private static final Pattern DNS_NAME =
      Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]*");

  private final CertificateIssuer issuer;
  private final InstantSource clock;
  private final Validation validation;
  private final String chainPem;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong ids = new AtomicLong();
  private final AcmeAccountBook book;
  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final Map<String, Authz> authzs = new ConcurrentHashMap<>();

  /**
   * Orders oldest first, to forget them once they expired: all live {@link #ORDER_LIFETIME} from
   * their creation, so they expire in this order.
   */
  private final Queue<Order> byAge = new ConcurrentLinkedQueue<>();

  AcmeAuthority(CaParts ca, Validation validation) {
    this.issuer = ca.issuer();
    this.clock = ca.clock();
    this.validation = validation;
    this.book = new AcmeAccountBook(this::nextId, clock);
    // the chain after the leaf: the issuer up to the root, no RA certificates
    this.chainPem = PemCodec.certificates(ca.material().authorityChain());
  }

  /** Whether {@code path} is the ACME server's. */
  static boolean serves(String path) {
    return path.startsWith(PREFIX);
  }

  /** The answer to {@code c}; completes later only for a challenge, once it was validated. */
  CompletableFuture<AcmeReply> answer(Call c) {
    forgetExpired(clock.instant());
    String resource = c.path().substring(PREFIX.length());
    String operation = operation(resource);
    CompletableFuture<AcmeReply> reply;
    try {
      if (c.host() == null || c.host().isBlank()) {
        throw AcmeProblem.malformed("the request has no Host header");
      }
      String base = "https://" + c.host() + PREFIX;
      reply = route(c, resource, base);
    } catch (AcmeProblem p) {
      reply = CompletableFuture.completedFuture(AcmeReply.problem(operation, p));
    }
    return reply.thenApply(r -> r.with("Replay-Nonce", book.nonce()));
  }

  private CompletableFuture<AcmeReply> route(Call c, String resource, String base)
      throws AcmeProblem {
    if (resource.equals("directory")) {
      requireMethod(c, "GET");
      return done(AcmeReply.json(200, "directory", AcmeJson.bytes(directory(base))));
    }
    if (resource.equals("new-nonce")) {
      if (!c.method().equals("HEAD") && !c.method().equals("GET")) {
        throw methodNotAllowed(c);
      }
      int status = c.method().equals("HEAD") ? 200 : 204;
      return done(
          new AcmeReply(
              status, null, Map.of("Cache-Control", "no-store"), new byte[0], "newNonce", null));
    }
    requireMethod(c, "POST");
    if (c.contentType() == null
        || !c.contentType().toLowerCase(Locale.ROOT).startsWith("application/jose+json")) {
      throw new AcmeProblem(AcmeError.MALFORMED, 415, "content type must be application/jose+json");
    }
    AcmeJws jws = AcmeJws.parse(c.body());
    if (!jws.url().equals(base + resource)) {
      throw AcmeProblem.unauthorized(
          "the JWS url " + LogText.bounded(jws.url(), 80) + " is not the request's");
    }
    if (resource.equals("new-account")) {
      return done(book.newAccount(jws, base));
    }
    Account account = book.signer(jws, base);
    String[] parts = resource.split("/", -1);
    return switch (parts[0] + (parts.length == 3 ? "/" + parts[2] : "")) {
      case "new-order" -> done(newOrder(jws, account, base));
      case "acct" -> done(book.own(account, parts[1], base));
      case "authz" -> done(authzReply(own(authzs, parts[1], account), base));
      case "chall" -> challenge(own(authzs, parts[1], account), base);
      case "order" -> done(orderReply(own(orders, parts[1], account), base, 200));
      case "order/finalize" -> done(finalizeOrder(own(orders, parts[1], account), jws, base));
      case "cert" -> done(certificate(own(orders, parts[1], account)));
      default -> throw notFound(resource);
    };
  }

  private ObjectNode directory(String base) {
    ObjectNode d = AcmeJson.object();
    d.put("newNonce", base + "new-nonce");
    d.put("newAccount", base + "new-account");
    d.put("newOrder", base + "new-order");
    d.putObject("meta")
        .put("website", "https://github.com/fwsim")
        .put("externalAccountRequired", false);
    return d;
  }

  private AcmeReply newOrder(AcmeJws jws, Account account, String base) throws AcmeProblem {
    JsonNode req = AcmeJson.read(jws.payload(), "newOrder");
    JsonNode identifiers = req.path("identifiers");
    if (!identifiers.isArray() || identifiers.isEmpty()) {
      throw AcmeProblem.malformed("newOrder needs identifiers");
    }
    Instant expires = clock.instant().plus(ORDER_LIFETIME);
    List<Authz> list = new ArrayList<>();
    for (JsonNode id : identifiers) {
      String type = id.path("type").asText("");
      if (!type.equals("dns")) {
        throw new AcmeProblem(
            AcmeError.UNSUPPORTED_IDENTIFIER,
            400,
            "identifier type " + LogText.bounded(type, 16) + ": dns only");
      }
      String name = id.path("value").asText("").toLowerCase(Locale.ROOT);
      if (!DNS_NAME.matcher(name).matches()) {
        throw new AcmeProblem(
            AcmeError.REJECTED_IDENTIFIER,
            400,
            "'" + LogText.bounded(name, 64) + "' is no DNS name this CA issues for");
      }
      if (list.stream().noneMatch(a -> a.domain.equals(name))) {
        list.add(new Authz(nextId(), account.id(), name, token(), expires));
      }
    }
    Order o = new Order(nextId(), account.id(), list, expires);
    for (Authz a : list) {
      a.order = o;
      authzs.put(a.id, a);
    }
    orders.put(o.id, o);
    byAge.add(o);
    return orderReply(o, base, 201);
  }

  /**
   * Forgets the orders whose {@code expires} has passed on the CA's clock, with their
   * authorizations and challenges (RFC 8555 §7.1.3: the client must not use them any more), so a
   * long storm keeps only the orders of the last {@link #ORDER_LIFETIME}. A forgotten resource is
   * answered 404. Costs one look at the oldest order when none expired.
   */
  private void forgetExpired(Instant now) {
    for (Order head = byAge.peek(); head != null && !head.expires.isAfter(now); ) {
      if (byAge.remove(head)) {
        orders.remove(head.id);
        head.authzs.forEach(a -> authzs.remove(a.id));
      }
      head = byAge.peek();
    }
  }

  /** Orders, authorizations and nonces the server remembers now (for tests). */
  String remembered() {
    return orders.size()
        + " orders, "
        + authzs.size()
        + " authorizations, "
        + book.nonces()
        + " nonces";
  }

  private AcmeReply orderReply(Order o, String base, int status) {
    return AcmeReply.json(status, "order", AcmeJson.bytes(o.json(base)))
        .with("Location", base + "order/" + o.id);
  }

  private AcmeReply authzReply(Authz a, String base) {
    return AcmeReply.json(200, "authz", AcmeJson.bytes(a.json(base)));
  }

  /**
   * Validates a pending challenge and answers once the answer was fetched and compared, so the
   * client's next look at the authorization finds it decided ({@code Retry-After: 0}).
   */
  private CompletableFuture<AcmeReply> challenge(Authz a, String base) {
    boolean start;
    synchronized (a) {
      start = a.challengeStatus.equals("pending");
      if (start) {
        a.challengeStatus = "processing";
      }
    }
    CompletableFuture<Void> validated =
        start ? validate(a) : CompletableFuture.completedFuture(null);
    return validated.thenApply(
        v ->
            AcmeReply.json(200, "challenge", AcmeJson.bytes(a.challengeJson(base)))
                .with("Link", "<" + base + "authz/" + a.id + ">;rel=\"up\"")
                .with("Retry-After", "0"));
  }

  private CompletableFuture<Void> validate(Authz a) {
    String expected = a.token + "." + book.thumbprint(a.account);
    CompletableFuture<String> fetched;
    try {
      fetched = validation.fetch(a.domain, a.token);
    } catch (RuntimeException e) {
      fetched = CompletableFuture.failedFuture(e);
    }
    return fetched.handle(
        (body, error) -> {
          AcmeProblem problem = null;
          if (error != null) {
            Throwable why = error.getCause() != null ? error.getCause() : error;
            problem =
                new AcmeProblem(
                    // A domain that resolves nowhere is a DNS problem, as pebble reports it.
                    why instanceof java.net.UnknownHostException
                        ? AcmeError.DNS
                        : AcmeError.CONNECTION,
                    400,
                    "fetching http://"
                        + a.domain
                        + "/.well-known/acme-challenge/"
                        + a.token
                        + ": "
                        + why.getMessage());
          } else if (!body.strip().equals(expected)) {
            problem =
                new AcmeProblem(
                    AcmeError.INCORRECT_RESPONSE,
                    403,
                    "the key authorization served for " + a.domain + " is not the expected one");
          }
          synchronized (a) {
            a.challengeStatus = problem == null ? "valid" : "invalid";
            a.status = a.challengeStatus;
            a.error = problem;
          }
          a.order.authorizationsChanged();
          return null;
        });
  }

  private AcmeReply finalizeOrder(Order o, AcmeJws jws, String base) throws AcmeProblem {
    JsonNode req = AcmeJson.read(jws.payload(), "finalize");
    List<String> names = new ArrayList<>();
    o.authzs.forEach(a -> names.add(a.domain));
    org.bouncycastle.pkcs.PKCS10CertificationRequest csr =
        AcmeCsrCheck.check(req.path("csr").asText(""), names);
    synchronized (o) {
      if (!o.status.equals("ready")) {
        throw new AcmeProblem(
            AcmeError.ORDER_NOT_READY, 403, "the order is " + o.status + ", not ready");
      }
      o.status = "processing";
    }
    X509Certificate cert;
    try {
      cert = issuer.issue(csr, "acme-" + o.id, clock.instant());
    } catch (RuntimeException e) {
      synchronized (o) {
        o.status = "invalid";
      }
      throw new AcmeProblem(AcmeError.SERVER_INTERNAL, 500, "cannot issue: " + e.getMessage());
    }
    synchronized (o) {
      o.certificate = cert;
      o.status = "valid";
    }
    return orderReply(o, base, 200);
  }

  private AcmeReply certificate(Order o) throws AcmeProblem {
    X509Certificate cert;
    synchronized (o) {
      cert = o.certificate;
    }
    if (cert == null) {
      throw new AcmeProblem(AcmeError.MALFORMED, 404, "the order has no certificate yet");
    }
    String pem = PemCodec.certificates(List.of(cert)) + chainPem;
    return new AcmeReply(
        200,
        AcmeReply.PEM_CHAIN,
        Map.of(),
        pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "certificate",
        null);
  }

  /** The object {@code id} names, if the signer owns it. */
  private static <T> T own(Map<String, T> objects, String id, Account signer) throws AcmeProblem {
    T t = objects.get(id);
    if (t == null) {
      throw new AcmeProblem(AcmeError.MALFORMED, 404, "no such resource");
    }
    String owner = t instanceof Order o ? o.account : ((Authz) t).account;
    if (!owner.equals(signer.id())) {
      throw AcmeProblem.unauthorized("the resource belongs to another account");
    }
    return t;
  }

  private static void requireMethod(Call c, String method) throws AcmeProblem {
    if (!c.method().equals(method)) {
      throw methodNotAllowed(c);
    }
  }

  private static AcmeProblem methodNotAllowed(Call c) {
    return new AcmeProblem(
        AcmeError.MALFORMED, 405, LogText.bounded(c.method(), 16) + " is not allowed here");
  }

  private static AcmeProblem notFound(String resource) {
    return new AcmeProblem(
        AcmeError.MALFORMED, 404, "no ACME resource " + LogText.bounded(resource, 64));
  }

  /** The resource's name for the access log. */
  private static String operation(String resource) {
    int slash = resource.indexOf('/');
    String head = slash < 0 ? resource : resource.substring(0, slash);
    return resource.endsWith("/finalize") ? "finalize" : head.isEmpty() ? "other" : head;
  }

  private String nextId() {
    return Long.toString(ids.incrementAndGet(), 36);
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static <T> CompletableFuture<T> done(T t) {
    return CompletableFuture.completedFuture(t);
  }
}
