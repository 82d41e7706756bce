package org.fwsim.firmware.est;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * One EST request as values (RFC 7030 §3.2.2, §4.1.1, §4.2): method, path under {@code
 * /.well-known/est/} (with {@code est-ca-id} as CA label when set), headers and body. A transport
 * sends it over TLS; for {@code /simplereenroll} the TLS client certificate is the current one.
 */
public record EstRequest(String method, String path, Map<String, String> headers, byte[] body) {

  public static final String PREFIX = "/.well-known/est/";

  public EstRequest {
    headers = Map.copyOf(headers);
  }

  /** {@code GET /cacerts}: the CA certificates the server vouches for. */
  public static EstRequest cacerts(String caId) {
    return new EstRequest("GET", path(caId, "cacerts"), Map.of(), new byte[0]);
  }

  /**
   * {@code POST /simpleenroll}: a first enrollment, with HTTP basic authentication when {@code
   * username} is set ({@code est-http-username}, {@code est-http-password}).
   */
  public static EstRequest simpleEnroll(
      String caId, PKCS10CertificationRequest csr, String username, String password) {
    return withBasic(
        new EstRequest("POST", path(caId, "simpleenroll"), csrHeaders(), base64(csr)),
        username,
        password);
  }

  /** {@code r} with HTTP basic authentication when {@code username} is set. */
  public static EstRequest withBasic(EstRequest r, String username, String password) {
    if (username == null || username.isEmpty()) {
      return r;
    }
    Map<String, String> h = new LinkedHashMap<>(r.headers());
    String pair = username + ":" + (password == null ? "" : password);
    h.put(
        "Authorization",
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    return new EstRequest(r.method(), r.path(), h, r.body());
  }

  /** {@code POST /simplereenroll}: a renewal; the transport presents the current certificate. */
  public static EstRequest simpleReenroll(String caId, PKCS10CertificationRequest csr) {
    return new EstRequest("POST", path(caId, "simplereenroll"), csrHeaders(), base64(csr));
  }

  /** The path of {@code operation}, under the CA label {@code caId} when it is set. */
  static String path(String caId, String operation) {
    if (caId == null || caId.isEmpty()) {
      return PREFIX + operation;
    }
    if (!caId.matches("[A-Za-z0-9._~-]+")) {
      // A label is one path segment (RFC 7030 §3.2.2); anything else would change the URL's
      // meaning.
      throw new IllegalArgumentException(
          "est-ca-id must be one URL path segment, got '" + caId + "'");
    }
    return PREFIX + caId + "/" + operation;
  }

  private static Map<String, String> csrHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/pkcs10");
    h.put("Content-Transfer-Encoding", "base64");
    return h;
  }

  private static byte[] base64(PKCS10CertificationRequest csr) {
    try {
      return (Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(csr.getEncoded()) + "\n")
          .getBytes(StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode PKCS#10 request", e);
    }
  }
}
