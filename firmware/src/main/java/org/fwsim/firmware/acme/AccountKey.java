package org.fwsim.firmware.acme;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An ACME account key: the JWK (RFC 7517) the server knows the account by, its RFC 7638 thumbprint
 * (the second half of every HTTP-01 key authorization) and the JWS signatures made with it: {@code
 * ES256} for a P-256 key, {@code RS256} for an RSA key.
 */
public final class AccountKey {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair pair;
  private final String alg;
  private final Map<String, String> jwk;

  /**
   * @throws IllegalArgumentException for a key that is neither RSA nor EC on P-256
   */
  public AccountKey(KeyPair pair) {
    this.pair = Objects.requireNonNull(pair, "pair");
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      alg = "RS256";
      // RFC 7638 §3.2: the required members only, in lexicographic order, so the JSON of this map
      // is the thumbprint's input as it stands.
      jwk = new LinkedHashMap<>();
      jwk.put("e", b64(unsigned(rsa.getPublicExponent())));
      jwk.put("kty", "RSA");
      jwk.put("n", b64(unsigned(rsa.getModulus())));
    } else if (pair.getPublic() instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField().getFieldSize() == 256) {
      alg = "ES256";
      jwk = new LinkedHashMap<>();
      jwk.put("crv", "P-256");
      jwk.put("kty", "EC");
      jwk.put("x", b64(fixed(ec.getW().getAffineX(), 32)));
      jwk.put("y", b64(fixed(ec.getW().getAffineY(), 32)));
    } else {
      throw new IllegalArgumentException(
          "ACME account keys are RSA or EC P-256, not " + pair.getPublic().getAlgorithm());
    }
  }

  /**
   * The account key a server knows from a JWS's {@code jwk} (RFC 7517): RSA ({@code n}, {@code e})
   * or EC P-256 ({@code x}, {@code y}); it can verify but not sign.
   *
   * @throws IllegalArgumentException for any other key, or members that are no key
   */
  public static AccountKey fromJwk(Map<String, String> jwk) {
    try {
      String kty = jwk.getOrDefault("kty", "");
      java.security.PublicKey pub;
      if (kty.equals("RSA")) {
        pub =
            java.security.KeyFactory.getInstance("RSA")
                .generatePublic(
                    new java.security.spec.RSAPublicKeySpec(
                        new BigInteger(1, unb64(jwk.get("n"))),
                        new BigInteger(1, unb64(jwk.get("e")))));
      } else if (kty.equals("EC") && "P-256".equals(jwk.get("crv"))) {
        java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
        p.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.spec.ECParameterSpec curve =
            p.getParameterSpec(java.security.spec.ECParameterSpec.class);
        pub =
            java.security.KeyFactory.getInstance("EC")
                .generatePublic(
                    new java.security.spec.ECPublicKeySpec(
                        new java.security.spec.ECPoint(
                            new BigInteger(1, unb64(jwk.get("x"))),
                            new BigInteger(1, unb64(jwk.get("y")))),
                        curve));
      } else {
        throw new IllegalArgumentException("the JWK is neither RSA nor EC P-256");
      }
      return new AccountKey(new KeyPair(pub, null));
    } catch (GeneralSecurityException | NullPointerException e) {
      throw new IllegalArgumentException("the JWK is no usable key: " + e.getMessage(), e);
    }
  }

  /** The key pair (its private half is null for a key read from a JWK). */
  public KeyPair pair() {
    return pair;
  }

  /** The JWS {@code alg}: {@code ES256} or {@code RS256}. */
  public String alg() {
    return alg;
  }

  /** The public JWK, its members in the lexicographic order RFC 7638 asks. */
  public Map<String, String> jwk() {
    return Map.copyOf(jwk);
  }

  /** base64url(SHA-256 of the canonical JWK), RFC 7638 §3. */
  public String thumbprint() {
    StringBuilder json = new StringBuilder("{");
    jwk.forEach(
        (k, v) ->
            json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
    json.append('}');
    try {
      return b64(
          MessageDigest.getInstance("SHA-256")
              .digest(json.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /** The HTTP-01 key authorization of {@code token}: token "." thumbprint (RFC 8555 §8.1). */
  public String keyAuthorization(String token) {
    return token + "." + thumbprint();
  }

  /**
   * The JWS signature over {@code signingInput}: RSASSA-PKCS1-v1_5 with SHA-256, or ECDSA P-256
   * with SHA-256 as the 64-byte R || S that RFC 7518 §3.4 asks (not DER).
   */
  public byte[] sign(byte[] signingInput) {
    try {
      Signature s = Signature.getInstance(jcaName());
      s.initSign(pair.getPrivate());
      s.update(signingInput);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the ACME account key: " + e, e);
    }
  }

  /** Whether {@code signature} is this key's JWS signature over {@code signingInput}. */
  public boolean verify(byte[] signingInput, byte[] signature) {
    try {
      Signature s = Signature.getInstance(jcaName());
      s.initVerify(pair.getPublic());
      s.update(signingInput);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a signature of the wrong length or shape does not verify
    }
  }

  private String jcaName() {
    return alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format";
  }

  /** base64url without padding, as every JWS part and ACME field is encoded. */
  public static String b64(byte[] bytes) {
    return B64URL.encodeToString(bytes);
  }

  /**
   * Decodes base64url (padding tolerated).
   *
   * @throws IllegalArgumentException for other characters
   */
  public static byte[] unb64(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static byte[] fixed(BigInteger n, int length) {
    byte[] b = unsigned(n);
    byte[] out = new byte[length];
    System.arraycopy(b, 0, out, length - b.length, b.length);
    return out;
  }
}
