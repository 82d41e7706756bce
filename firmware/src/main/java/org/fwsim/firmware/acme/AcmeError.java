package org.fwsim.firmware.acme;

import java.util.Arrays;

/**
 * The problem types of RFC 8555 §6.7 ({@code urn:ietf:params:acme:error:<name>}); {@link #OTHER}
 * stands for any type outside that namespace (RFC 7807's {@code about:blank}, say).
 */
public enum AcmeError {
  ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist"),
  ALREADY_REVOKED("alreadyRevoked"),
  BAD_CSR("badCSR"),
  BAD_NONCE("badNonce"),
  BAD_PUBLIC_KEY("badPublicKey"),
  BAD_REVOCATION_REASON("badRevocationReason"),
  BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm"),
  CAA("caa"),
  COMPOUND("compound"),
  CONNECTION("connection"),
  DNS("dns"),
  EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired"),
  INCORRECT_RESPONSE("incorrectResponse"),
  INVALID_CONTACT("invalidContact"),
  MALFORMED("malformed"),
  ORDER_NOT_READY("orderNotReady"),
  RATE_LIMITED("rateLimited"),
  REJECTED_IDENTIFIER("rejectedIdentifier"),
  SERVER_INTERNAL("serverInternal"),
  TLS("tls"),
  UNAUTHORIZED("unauthorized"),
  UNSUPPORTED_CONTACT("unsupportedContact"),
  UNSUPPORTED_IDENTIFIER("unsupportedIdentifier"),
  USER_ACTION_REQUIRED("userActionRequired"),
  OTHER("");

  static final String NAMESPACE = "urn:ietf:params:acme:error:";

  private final String name;

  AcmeError(String name) {
    this.name = name;
  }

  /** The type URN, e.g. {@code urn:ietf:params:acme:error:badNonce}. */
  public String urn() {
    return this == OTHER ? "" : NAMESPACE + name;
  }

  /** The error of a problem document's {@code type}; {@link #OTHER} when it is not ACME's. */
  public static AcmeError ofType(String type) {
    if (type == null || !type.startsWith(NAMESPACE)) {
      return OTHER;
    }
    String name = type.substring(NAMESPACE.length());
    return Arrays.stream(values())
        .filter(e -> e != OTHER && e.name.equals(name))
        .findFirst()
        .orElse(OTHER);
  }
}
