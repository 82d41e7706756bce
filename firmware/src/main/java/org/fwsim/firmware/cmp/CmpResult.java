package org.fwsim.firmware.cmp;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** How one CMP transaction ended: a verified certificate with its new key, or why not. */
public sealed interface CmpResult {

  /** The transactionID in hex, null when none was made. */
  String transactionId();

  /**
   * The CA issued a certificate for our key, it chains to a trusted CA, and the CA took our
   * certConf (or granted implicit confirmation). Nothing is installed yet.
   *
   * @param chain the issued certificate first, then its CA certificates up to the trust anchor
   * @param caPubs the CA certificates an ip offered under the shared secret's MAC
   */
  record Issued(
      String transactionId, List<X509Certificate> chain, KeyPair key, List<X509Certificate> caPubs)
      implements CmpResult {
    public Issued {
      chain = List.copyOf(chain);
      caPubs = List.copyOf(caPubs);
      Objects.requireNonNull(key, "key");
    }

    public X509Certificate certificate() {
      return chain.get(0);
    }
  }

  /**
   * No certificate.
   *
   * @param kind what went wrong, for counts
   * @param failInfo the PKIFailureInfo by name when the CA refused (or our check failed), else null
   * @param reason a line for people
   */
  record Failed(String transactionId, Kind kind, String failInfo, String reason)
      implements CmpResult {}

  /** The kinds of failure. */
  enum Kind {
    /** The CA refused (error message, or a response with status rejection). */
    REJECTED,
    /** The CA's answer failed our checks (protection, nonces, key, format). */
    BAD_REPLY,
    /** The issued certificate or the CA's signature does not chain to a trusted CA. */
    UNTRUSTED,
    /** No egress for the server's address. */
    EGRESS,
    /** The connection could not be opened, or closed before the answer. */
    TRANSPORT,
    /** No whole answer in time. */
    TIMEOUT,
    /** The server answered another HTTP status than 200, or no {@code application/pkixcmp}. */
    HTTP_STATUS,
    /** The request cannot be made from the settings. */
    CONFIGURATION
  }
}
