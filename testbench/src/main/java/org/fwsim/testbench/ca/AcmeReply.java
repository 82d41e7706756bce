package org.fwsim.testbench.ca;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the ACME server as a value: status, content type, the headers ACME adds ({@code
 * Location}, {@code Replay-Nonce}, {@code Retry-After}, {@code Link}), the body, and for the access
 * log the resource it concerned and why it failed.
 */
record AcmeReply(
    int status,
    String contentType,
    Map<String, String> headers,
    byte[] body,
    String operation,
    String detail) {

  static final String JSON = "application/json";
  static final String PROBLEM = "application/problem+json";
  static final String PEM_CHAIN = "application/pem-certificate-chain";

  AcmeReply {
    headers = Map.copyOf(headers);
  }

  static AcmeReply json(int status, String operation, byte[] body) {
    return new AcmeReply(status, JSON, Map.of(), body, operation, null);
  }

  static AcmeReply problem(String operation, AcmeProblem p) {
    String doc =
        AcmeJson.write(
            AcmeJson.object()
                .put("type", p.type().urn())
                .put("detail", p.getMessage())
                .put("status", p.status()));
    return new AcmeReply(
        p.status(),
        PROBLEM,
        Map.of(),
        doc.getBytes(StandardCharsets.UTF_8),
        operation,
        p.type().urn() + ": " + p.getMessage());
  }

  /** This reply with one more header. */
  AcmeReply with(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new AcmeReply(status, contentType, h, body, operation, detail);
  }

  /** The access log's view: ACME's resource as the message type, the status as the result. */
  PkiAnswer forLog() {
    return new PkiAnswer(
        status, body, contentType, operation, null, status < 300 ? "OK" : "HTTP " + status, detail);
  }
}
