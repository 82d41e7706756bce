package org.fwsim.firmware.acme;

import java.net.URI;
import java.util.Objects;

/**
 * One HTTP request of an ACME exchange, as a value: {@code GET} of the directory, {@code HEAD} of
 * {@code newNonce}, or a {@code POST} of a flattened JWS ({@code application/jose+json}).
 *
 * @param method GET, HEAD or POST
 * @param url the absolute URL
 * @param body the JWS for a POST, empty otherwise
 * @param what the step for traces ("newOrder", "authz", ...)
 */
public record AcmeRequest(String method, URI url, byte[] body, String what) {

  /** The media type of every ACME POST (RFC 8555 §6.2). */
  public static final String JOSE_JSON = "application/jose+json";

  public AcmeRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(what, "what");
  }

  static AcmeRequest get(URI url, String what) {
    return new AcmeRequest("GET", url, new byte[0], what);
  }

  static AcmeRequest head(URI url, String what) {
    return new AcmeRequest("HEAD", url, new byte[0], what);
  }

  static AcmeRequest post(URI url, byte[] jws, String what) {
    return new AcmeRequest("POST", url, jws, what);
  }

  @Override
  public String toString() {
    return method + " " + url + " (" + what + ")";
  }
}
