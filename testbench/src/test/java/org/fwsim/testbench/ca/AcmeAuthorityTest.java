package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.acme.AccountKey;
import org.fwsim.firmware.acme.AcmeCsr;
import org.fwsim.firmware.acme.AcmeOrder;
import org.fwsim.firmware.acme.AcmeRequest;
import org.fwsim.firmware.acme.AcmeResponse;
import org.fwsim.firmware.acme.AcmeSession;
import org.fwsim.firmware.acme.AcmeStep;
import org.fwsim.firmware.acme.Jws;
import org.fwsim.hal.testing.SteppedClock;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded ACME server's answers as values: the appliance's own session enrolls from it without
 * IO, and each malformed, replayed or wrongly signed request gets its RFC 8555 problem document.
 */
class AcmeAuthorityTest {

  private static final String HOST = "10.5.149.111";
  private static final String BASE = "https://" + HOST + AcmeAuthority.PREFIX;
  private static final String DOMAIN = "fgt-00001-root.fwsim.test";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CaMaterial material;

  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final ScepCa ca = ScepCa.builder().material(material).clock(clock).workers(1).build();

  /** What the appliance serves for a token: the right key authorization unless a test says. */
  private final Map<String, String> served = new HashMap<>();

  private final AcmeAuthority acme =
      new AcmeAuthority(
          ca.parts(),
          (domain, token) ->
              served.containsKey(token)
                  ? CompletableFuture.completedFuture(served.get(token))
                  : CompletableFuture.failedFuture(
                      domain.equals(DOMAIN)
                          ? new java.io.IOException("connection refused")
                          : new java.net.UnknownHostException(domain + " does not resolve")));

  private final AccountKey account = new AccountKey(TestCertificates.ecKeyPair());

  @BeforeAll
  static void generate() {
    material =
        CaMaterial.generate(
            CaMaterial.Spec.rootOnly().withIntermediate(true),
            Instant.parse("2026-11-23T00:00:00Z"));
  }

  @AfterEach
  void close() {
    ca.close();
  }

  @Test
  void theAppliancesSessionEnrollsOnTheCasClock() throws Exception {
    KeyPair key = TestCertificates.rsaKeyPair();
    AcmeSession session =
        new AcmeSession(
            new AcmeOrder(
                URI.create(BASE + "directory"),
                DOMAIN,
                "admin@fwsim.test",
                AcmeCsr.build(key, DOMAIN),
                account,
                null),
            clock,
            3);
    AcmeStep step = session.start();
    while (!(step instanceof AcmeStep.Issued)) {
      AcmeRequest r;
      if (step instanceof AcmeStep.Answer a) {
        served.put(a.token(), a.keyAuthorization());
        r = a.then();
      } else if (step instanceof AcmeStep.Wait w) {
        r = w.then();
      } else {
        r = ((AcmeStep.Send) step).request();
      }
      step = session.onResponse(send(r));
    }
    X509Certificate leaf = ((AcmeStep.Issued) step).leaf();
    assertEquals(clock.instant(), leaf.getNotBefore().toInstant());
    assertEquals(key.getPublic(), leaf.getPublicKey());
    assertEquals(3, ((AcmeStep.Issued) step).chain().size()); // leaf, intermediate, root
    assertTrue(ca.certificates().size() >= 1);
  }

  @Test
  void aNonceIsGoodOnceAndAnUnknownOneIsRefused() throws Exception {
    String nonce = nonce();
    assertEquals(201, post(null, nonce, "new-account", "{}").status());
    assertProblem(post(null, nonce, "new-account", "{}"), 400, "badNonce");
    assertProblem(post(null, "never-issued", "new-account", "{}"), 400, "badNonce");
  }

  @Test
  void aJwsForAnotherUrlOrWithABadSignatureOrAlgorithmIsRefused() throws Exception {
    byte[] jws =
        Jws.flattened(account, null, nonce(), URI.create(BASE + "new-order"), "{}".getBytes());
    assertProblem(call("POST", "new-account", jws), 403, "unauthorized");

    ObjectNodeEdit tampered = new ObjectNodeEdit(signed(null, nonce(), "new-account", "{}"));
    tampered.set("payload", AccountKey.b64("{\"contact\":[]}".getBytes()));
    assertProblem(call("POST", "new-account", tampered.bytes()), 400, "malformed");

    ObjectNodeEdit none = new ObjectNodeEdit(signed(null, nonce(), "new-account", "{}"));
    none.set(
        "protected", AccountKey.b64("{\"alg\":\"none\",\"nonce\":\"x\",\"url\":\"y\"}".getBytes()));
    assertProblem(call("POST", "new-account", none.bytes()), 400, "badSignatureAlgorithm");

    assertProblem(call("POST", "new-account", "not json".getBytes()), 400, "malformed");
    AcmeReply wrongType =
        acme.answer(
                new AcmeAuthority.Call(
                    "POST", AcmeAuthority.PREFIX + "new-account", HOST, "application/json", jws))
            .join();
    assertProblem(wrongType, 415, "malformed");
    assertProblem(call("GET", "new-order", new byte[0]), 405, "malformed");
  }

  @Test
  void aKidOfNoAccountAndAnotherAccountsOrderAreRefused() throws Exception {
    URI kid = register(account);
    assertProblem(
        post(URI.create(BASE + "acct/zzz"), nonce(), "new-order", order(DOMAIN)),
        400,
        "accountDoesNotExist");
    AcmeReply created = post(kid, nonce(), "new-order", order(DOMAIN));
    assertEquals(201, created.status());
    String orderPath = created.headers().get("Location").substring(BASE.length());

    AccountKey other = new AccountKey(TestCertificates.ecKeyPair());
    URI otherKid = register(other);
    AcmeReply read =
        call(
            "POST",
            orderPath,
            Jws.flattened(other, otherKid, nonce(), url(orderPath), new byte[0]));
    assertProblem(read, 403, "unauthorized");
  }

  @Test
  void identifiersOtherThanDnsNamesAreRefused() throws Exception {
    URI kid = register(account);
    assertProblem(
        post(
            kid,
            nonce(),
            "new-order",
            "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"10.0.0.1\"}]}"),
        400,
        "unsupportedIdentifier");
    assertProblem(post(kid, nonce(), "new-order", order("bad_name!")), 400, "rejectedIdentifier");
    assertProblem(post(kid, nonce(), "new-order", "{\"identifiers\":[]}"), 400, "malformed");
  }

  @Test
  void finalizeWaitsForTheChallengeAndChecksTheCsrsNames() throws Exception {
    URI kid = register(account);
    JsonNode order = JSON.readTree(post(kid, nonce(), "new-order", order(DOMAIN)).body());
    String finalizePath = order.path("finalize").asText().substring(BASE.length());
    String csr =
        "{\"csr\":\""
            + AccountKey.b64(AcmeCsr.build(TestCertificates.rsaKeyPair(), DOMAIN))
            + "\"}";
    assertProblem(post(kid, nonce(), finalizePath, csr), 403, "orderNotReady");

    String authzPath = order.path("authorizations").get(0).asText().substring(BASE.length());
    JsonNode authz = JSON.readTree(post(kid, nonce(), authzPath, "").body());
    String token = authz.path("challenges").get(0).path("token").asText();
    String challPath =
        authz.path("challenges").get(0).path("url").asText().substring(BASE.length());
    served.put(token, account.keyAuthorization(token));
    assertEquals(
        "valid", JSON.readTree(post(kid, nonce(), challPath, "{}").body()).path("status").asText());

    String otherName =
        "{\"csr\":\""
            + AccountKey.b64(AcmeCsr.build(TestCertificates.rsaKeyPair(), "other.fwsim.test"))
            + "\"}";
    assertProblem(post(kid, nonce(), finalizePath, otherName), 400, "badCSR");
    assertProblem(post(kid, nonce(), finalizePath, "{\"csr\":\"AAAA\"}"), 400, "badCSR");
    assertEquals(
        "valid",
        JSON.readTree(post(kid, nonce(), finalizePath, csr).body()).path("status").asText());
  }

  @Test
  void aWrongKeyAuthorizationOrNoAnswerInvalidatesTheOrder() throws Exception {
    URI kid = register(account);
    for (boolean answers : new boolean[] {true, false}) {
      JsonNode order = JSON.readTree(post(kid, nonce(), "new-order", order(DOMAIN)).body());
      String authzPath = order.path("authorizations").get(0).asText().substring(BASE.length());
      JsonNode authz = JSON.readTree(post(kid, nonce(), authzPath, "").body());
      JsonNode c = authz.path("challenges").get(0);
      if (answers) {
        served.put(c.path("token").asText(), "wrong." + account.thumbprint());
      }
      JsonNode chall =
          JSON.readTree(
              post(kid, nonce(), c.path("url").asText().substring(BASE.length()), "{}").body());
      assertEquals("invalid", chall.path("status").asText());
      assertEquals(
          "urn:ietf:params:acme:error:" + (answers ? "incorrectResponse" : "connection"),
          chall.path("error").path("type").asText());
      String orderPath = "order/" + order.path("finalize").asText().split("/")[5];
      assertEquals(
          "invalid",
          JSON.readTree(post(kid, nonce(), orderPath, "").body()).path("status").asText());
    }
  }

  @Test
  void aDomainThatResolvesNowhereIsADnsProblem() throws Exception {
    URI kid = register(account);
    JsonNode order =
        JSON.readTree(post(kid, nonce(), "new-order", order("nowhere.fwsim.test")).body());
    String authzPath = order.path("authorizations").get(0).asText().substring(BASE.length());
    JsonNode c = JSON.readTree(post(kid, nonce(), authzPath, "").body()).path("challenges").get(0);
    JsonNode chall =
        JSON.readTree(
            post(kid, nonce(), c.path("url").asText().substring(BASE.length()), "{}").body());
    assertEquals("invalid", chall.path("status").asText());
    assertEquals("urn:ietf:params:acme:error:dns", chall.path("error").path("type").asText());
  }

  @Test
  void ordersAuthorizationsAndNoncesAreForgottenOnceExpiredOnTheCasClock() throws Exception {
    URI kid = register(account);
    JsonNode order = JSON.readTree(post(kid, nonce(), "new-order", order(DOMAIN)).body());
    String authzPath = order.path("authorizations").get(0).asText().substring(BASE.length());
    assertEquals(Instant.parse("2026-11-30T10:00:00Z").toString(), order.path("expires").asText());
    String held = nonce();
    assertTrue(acme.remembered().startsWith("1 orders, 1 authorizations"), acme.remembered());

    clock.step(AcmeNonces.LIFETIME);
    assertProblem(post(kid, held, authzPath, ""), 400, "badNonce");
    assertEquals(200, post(kid, nonce(), authzPath, "").status(), "the order lives on");

    clock.step(AcmeAuthority.ORDER_LIFETIME);
    assertProblem(post(kid, nonce(), authzPath, ""), 404, "malformed");
    assertTrue(acme.remembered().startsWith("0 orders, 0 authorizations"), acme.remembered());
  }

  @Test
  void noncesAreBoundedHoweverManyAreHandedOut() {
    for (int i = 0; i < AcmeNonces.CAPACITY + 10; i++) {
      nonce();
    }
    assertTrue(acme.remembered().endsWith(AcmeNonces.CAPACITY + " nonces"), acme.remembered());
  }

  private URI register(AccountKey key) throws Exception {
    AcmeReply r =
        call(
            "POST",
            "new-account",
            Jws.flattened(key, null, nonce(), url("new-account"), "{}".getBytes()));
    assertEquals(201, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return URI.create(r.headers().get("Location"));
  }

  private static String order(String domain) {
    return "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"" + domain + "\"}]}";
  }

  private String nonce() {
    return call("HEAD", "new-nonce", new byte[0]).headers().get("Replay-Nonce");
  }

  private AcmeReply post(URI kid, String nonce, String path, String payload) {
    return call("POST", path, signed(kid, nonce, path, payload));
  }

  private byte[] signed(URI kid, String nonce, String path, String payload) {
    return Jws.flattened(account, kid, nonce, url(path), payload.getBytes(StandardCharsets.UTF_8));
  }

  private static URI url(String path) {
    return URI.create(BASE + path);
  }

  private AcmeReply call(String method, String path, byte[] body) {
    return acme.answer(
            new AcmeAuthority.Call(
                method, AcmeAuthority.PREFIX + path, HOST, "application/jose+json", body))
        .join();
  }

  private AcmeResponse send(AcmeRequest r) {
    AcmeReply reply =
        acme.answer(
                new AcmeAuthority.Call(
                    r.method(), r.url().getPath(), HOST, AcmeRequest.JOSE_JSON, r.body()))
            .join();
    Map<String, String> headers = new HashMap<>(reply.headers());
    if (reply.contentType() != null) {
      headers.put("Content-Type", reply.contentType());
    }
    return new AcmeResponse(reply.status(), headers, reply.body());
  }

  private static void assertProblem(AcmeReply r, int status, String type) throws Exception {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertEquals(status, r.status(), body);
    assertEquals(AcmeReply.PROBLEM, r.contentType());
    assertEquals(
        "urn:ietf:params:acme:error:" + type, JSON.readTree(body).path("type").asText(), body);
    assertInstanceOf(
        String.class, r.headers().get("Replay-Nonce"), "a fresh nonce with the problem");
  }

  /** A JWS whose members a test changes after signing. */
  private static final class ObjectNodeEdit {
    private final com.fasterxml.jackson.databind.node.ObjectNode jws;

    ObjectNodeEdit(byte[] signed) throws Exception {
      jws = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(signed);
    }

    void set(String member, String value) {
      jws.put(member, value);
    }

    byte[] bytes() throws Exception {
      return JSON.writeValueAsBytes(jws);
    }
  }
}
