package org.fwsim.firmware.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.Test;

class AccountKeyTest {

  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  @Test
  void theThumbprintIsRfc7638sExample() throws Exception {
    // RFC 7638 §3.1: the RSA key of its example and the thumbprint it computes.
    String n =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_B"
            + "JECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR"
            + "0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bF"
            + "TWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    PublicKey key =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(new BigInteger(1, B64.decode(n)), BigInteger.valueOf(65537)));
    AccountKey account = new AccountKey(new KeyPair(key, null));
    assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", account.thumbprint());
    assertEquals("RS256", account.alg());
    assertEquals(
        "tok.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", account.keyAuthorization("tok"));
  }

  @Test
  void anEs256JwsVerifiesAsRawRAndSOverTheSigningInput() throws Exception {
    KeyPair pair = TestCertificates.ecKeyPair();
    AccountKey key = new AccountKey(pair);
    byte[] jws =
        Jws.flattened(
            key,
            URI.create("https://ca.test/acct/1"),
            "n1",
            URI.create("https://ca.test/order"),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    JsonNode node = new ObjectMapper().readTree(jws);
    JsonNode header = new ObjectMapper().readTree(B64.decode(node.path("protected").asText()));
    assertEquals("ES256", header.path("alg").asText());
    assertEquals("https://ca.test/acct/1", header.path("kid").asText());
    assertTrue(header.path("jwk").isMissingNode());
    assertEquals("n1", header.path("nonce").asText());
    assertEquals("https://ca.test/order", header.path("url").asText());
    byte[] signature = B64.decode(node.path("signature").asText());
    assertEquals(64, signature.length);
    Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
    v.initVerify(pair.getPublic());
    v.update(
        (node.path("protected").asText() + "." + node.path("payload").asText())
            .getBytes(StandardCharsets.US_ASCII));
    assertTrue(v.verify(signature));
  }

  @Test
  void newAccountCarriesTheJwkAndPostAsGetAnEmptyPayload() throws Exception {
    AccountKey key = new AccountKey(TestCertificates.rsaKeyPair());
    JsonNode node =
        new ObjectMapper()
            .readTree(Jws.flattened(key, null, "n2", URI.create("https://ca.test/a"), new byte[0]));
    JsonNode header = new ObjectMapper().readTree(B64.decode(node.path("protected").asText()));
    assertEquals("RSA", header.path("jwk").path("kty").asText());
    assertTrue(header.path("kid").isMissingNode());
    assertEquals("", node.path("payload").asText());
  }

  @Test
  void otherCurvesAreRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new AccountKey(g.generateKeyPair()));
    assertTrue(e.getMessage().contains("P-256"), e.getMessage());
  }
}
