package org.fwsim.firmware.scep.transport;

import java.util.Locale;
import java.util.Set;

/**
 * The SCEP operations carried over HTTP ({@code ?operation=}, RFC 8894 §4), with the content types
 * a reply may carry and the forticron connection state numbers used in {@code scep_rxtx()-593}.
 */
public enum ScepOperation {
  /** Capability list; any content type is accepted (RFC 8894 §3.5.2: clients ignore it). */
  GET_CA_CAPS("GetCACaps", 4, Set.of()),
  /** The CA certificate (DER) or a certs-only CMS with the chain. */
  GET_CA_CERT(
      "GetCACert", 0, Set.of("application/x-x509-ca-cert", "application/x-x509-ca-ra-cert")),
  /** CA rollover: the next CA certificate in a signed CMS. */
  GET_NEXT_CA_CERT("GetNextCACert", 6, Set.of("application/x-x509-next-ca-cert")),
  /**
   * A pkiMessage (PKCSReq, RenewalReq, CertPoll, ...) answered by a CertRep. Some CAs send the
   * short type.
   */
  PKI_OPERATION("PKIOperation", 2, Set.of("application/x-pki-message", "x-pki-message"));

  private final String wireName;
  private final int sendState;
  private final Set<String> contentTypes;

  /**
   * @param sendState forticron's state while sending; the receive state is the next number. The
   *     KB-420924 trace shows 0/1 for GetCACert and 2/3 for the PKCSReq; INFERENCE: 4/5 and 6/7 for
   *     the operations that trace never shows.
   */
  ScepOperation(String wireName, int sendState, Set<String> contentTypes) {
    this.wireName = wireName;
    this.sendState = sendState;
    this.contentTypes = contentTypes;
  }

  /** The value of {@code operation=} as sent on the wire. */
  public String wireName() {
    return wireName;
  }

  int sendState() {
    return sendState;
  }

  int receiveState() {
    return sendState + 1;
  }

  /**
   * Whether a reply with this Content-Type value is acceptable: the media type is compared
   * case-insensitively and parameters such as {@code ; charset=} are ignored.
   */
  public boolean accepts(String contentType) {
    if (contentTypes.isEmpty()) {
      return true;
    }
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String media =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return contentTypes.contains(media);
  }

  /** The accepted types, for error messages. */
  String expectedTypes() {
    return contentTypes.isEmpty()
        ? "any"
        : String.join(" or ", new java.util.TreeSet<>(contentTypes));
  }
}
