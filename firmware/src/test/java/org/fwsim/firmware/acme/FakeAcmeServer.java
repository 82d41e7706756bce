package org.fwsim.firmware.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.hal.testing.TestCertificates;

/**
 * An ACME server on values for the session's tests: it checks what a real one checks (the JWS
 * signature with the account's key, one use per nonce, the URL in the protected header, the key
 * authorization the client publishes) and answers like RFC 8555's examples. Knobs inject the
 * failures the tests need.
 */
public final class FakeAcmeServer {

  static final URI BASE = URI.create("https://ca.test/");
  static final URI DIRECTORY = BASE.resolve("dir");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  final TestCertificates.Issued root = TestCertificates.rootCa("fake acme root");
  final TestCertificates.Issued intermediate =
      TestCertificates.intermediateCa("fake acme R1", root);
  final List<String> log = new ArrayList<>();

  /** What the client publishes at /.well-known/acme-challenge/, token to key authorization. */
  final Map<String, String> published = new HashMap<>();

  int badNonces;
  int pollsBeforeValid = 1;
  String retryAfter;
  boolean answerWrongKeyAuthorization;

  /** Whether any published answer validates: for tests of what comes after the challenge. */
  private boolean trustAnswers;

  Function<PKCS10CertificationRequest, TestCertificates.Issued> issue =
      csr ->
          TestCertificates.builder()
              .csr(csr)
              .subjectAltNames(new GeneralName(GeneralName.dNSName, "fw1.test"))
              .issuedBy(intermediate)
              .build();

  private final Set<String> nonces = new HashSet<>();
  private int nonceSerial;
  private PublicKey accountKey;
  private String thumbprint;
  private String token = "tok_" + 42;
  private String authz = "pending";
  private String order = "pending";
  private int polls;
  private byte[] csr;

  /** Validates every challenge as if its answer had been fetched and matched. */
  public FakeAcmeServer trustingAnswers() {
    trustAnswers = true;
    return this;
  }

  /** The server's answer to {@code r}. */
  public AcmeResponse handle(AcmeRequest r) {
    String path = r.url().getPath();
    log.add(r.method() + " " + path);
    try {
      if (path.equals("/dir")) {
        ObjectNode d = JSON.createObjectNode();
        d.put("newNonce", BASE.resolve("nonce").toString());
        d.put("newAccount", BASE.resolve("acct").toString());
        d.put("newOrder", BASE.resolve("order").toString());
        // Like pebble, the directory comes without a nonce: the client must ask newNonce.
        return new AcmeResponse(200, Map.of(), d.toString().getBytes(StandardCharsets.UTF_8));
      }
      if (path.equals("/nonce")) {
        return new AcmeResponse(200, Map.of("Replay-Nonce", nonce()), new byte[0]);
      }
      JsonNode payload = verify(r);
      if (payload == null) {
        return problem(400, "badNonce", "stale nonce");
      }
      return switch (path) {
        case "/acct" -> json(201, status("valid"), Map.of("Location", BASE + "acct/1"));
        case "/order" -> json(201, orderDoc(), Map.of("Location", BASE + "order/1"));
        case "/order/1" -> pollOrder();
        case "/authz/1" -> pollAuthz();
        case "/chall/1" -> validate();
        case "/finalize/1" -> finalizeOrder(payload);
        case "/cert/1" -> certificate();
        default -> problem(404, "malformed", "no such resource " + path);
      };
    } catch (GeneralSecurityException | IOException e) {
      return problem(400, "malformed", e.getMessage());
    }
  }

  /**
   * The JSON payload ({} for POST-as-GET), or null when the nonce is stale or a rejection is due.
   */
  private JsonNode verify(AcmeRequest r) throws GeneralSecurityException, IOException {
    if (!r.method().equals("POST")) {
      throw new GeneralSecurityException(r.method() + " where a POST is due");
    }
    JsonNode jws = JSON.readTree(r.body());
    JsonNode header = JSON.readTree(B64.decode(jws.path("protected").asText()));
    if (!header.path("url").asText().equals(r.url().toString())) {
      throw new GeneralSecurityException("url in the protected header differs");
    }
    if (!nonces.remove(header.path("nonce").asText()) || badNonces-- > 0) {
      return null;
    }
    if (header.has("jwk")) {
      accountKey = keyOf(header.path("jwk"));
      thumbprint = thumbprint(header.path("jwk"));
    } else if (!header.path("kid").asText().equals(BASE + "acct/1")) {
      throw new GeneralSecurityException("unknown kid " + header.path("kid"));
    }
    Signature s =
        Signature.getInstance(
            header.path("alg").asText().equals("RS256")
                ? "SHA256withRSA"
                : "SHA256withECDSAinP1363Format");
    s.initVerify(accountKey);
    s.update(
        (jws.path("protected").asText() + "." + jws.path("payload").asText())
            .getBytes(StandardCharsets.US_ASCII));
    if (!s.verify(B64.decode(jws.path("signature").asText()))) {
      throw new GeneralSecurityException("JWS signature does not verify");
    }
    byte[] body = B64.decode(jws.path("payload").asText());
    return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
  }

  private AcmeResponse pollAuthz() {
    if (authz.equals("processing") && ++polls >= pollsBeforeValid) {
      String expected = token + "." + thumbprint;
      boolean ok =
          (trustAnswers || expected.equals(published.get(token))) && !answerWrongKeyAuthorization;
      authz = ok ? "valid" : "invalid";
    }
    ObjectNode a = status(authz.equals("processing") ? "pending" : authz);
    a.putObject("identifier").put("type", "dns").put("value", "fw1.test");
    ObjectNode c = a.putArray("challenges").addObject();
    c.put("type", "http-01").put("url", BASE + "chall/1").put("token", token);
    c.put("status", authz);
    if (authz.equals("invalid")) {
      c.putObject("error")
          .put("type", AcmeError.NAMESPACE + "incorrectResponse")
          .put("detail", "key authorization mismatch")
          .put("status", 403);
    }
    return json(200, a, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter));
  }

  private AcmeResponse validate() {
    authz = "processing";
    polls = 0;
    ObjectNode c = status("processing");
    c.put("type", "http-01").put("token", token);
    return json(200, c, Map.of());
  }

  private AcmeResponse finalizeOrder(JsonNode payload) {
    if (!authz.equals("valid")) {
      return problem(403, "orderNotReady", "authorizations are not valid");
    }
    csr = B64.decode(payload.path("csr").asText());
    order = "processing";
    return json(200, orderDoc(), Map.of());
  }

  private AcmeResponse pollOrder() {
    if (order.equals("processing")) {
      order = "valid";
    }
    return json(200, orderDoc(), Map.of());
  }

  private AcmeResponse certificate() throws IOException {
    TestCertificates.Issued leaf = issue.apply(new PKCS10CertificationRequest(csr));
    String pem = PemCodec.certificates(List.of(leaf.certificate(), intermediate.certificate()));
    return new AcmeResponse(
        200,
        Map.of("Content-Type", "application/pem-certificate-chain", "Replay-Nonce", nonce()),
        pem.getBytes(StandardCharsets.US_ASCII));
  }

  private ObjectNode orderDoc() {
    ObjectNode o = status(order);
    o.putArray("authorizations").add(BASE + "authz/1");
    o.put("finalize", BASE + "finalize/1");
    if (order.equals("valid")) {
      o.put("certificate", BASE + "cert/1");
    }
    return o;
  }

  private String nonce() {
    String n = "n" + (++nonceSerial);
    nonces.add(n);
    return n;
  }

  private static ObjectNode status(String status) {
    return JSON.createObjectNode().put("status", status);
  }

  private AcmeResponse json(int status, ObjectNode body, Map<String, String> headers) {
    Map<String, String> h = new HashMap<>(headers);
    h.put("Replay-Nonce", nonce());
    h.put("Content-Type", "application/json");
    return new AcmeResponse(status, h, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  AcmeResponse problem(int status, String type, String detail) {
    ObjectNode p =
        JSON.createObjectNode().put("type", AcmeError.NAMESPACE + type).put("detail", detail);
    return new AcmeResponse(
        status,
        Map.of("Content-Type", "application/problem+json", "Replay-Nonce", nonce()),
        p.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** RFC 7638 computed here on its own, from the JWK as received. */
  private static String thumbprint(JsonNode jwk) throws GeneralSecurityException {
    TreeMap<String, String> required = new TreeMap<>();
    for (String k :
        jwk.path("kty").asText().equals("RSA")
            ? List.of("e", "kty", "n")
            : List.of("crv", "kty", "x", "y")) {
      required.put(k, jwk.path(k).asText());
    }
    byte[] canonical = JSON.valueToTree(required).toString().getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical));
  }

  private static PublicKey keyOf(JsonNode jwk) throws GeneralSecurityException {
    if (jwk.path("kty").asText().equals("RSA")) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(big(jwk, "n"), big(jwk, "e")));
    }
    java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
    return KeyFactory.getInstance("EC")
        .generatePublic(new ECPublicKeySpec(new ECPoint(big(jwk, "x"), big(jwk, "y")), spec));
  }

  private static BigInteger big(JsonNode jwk, String field) {
    return new BigInteger(1, B64.decode(jwk.path(field).asText()));
  }
}
