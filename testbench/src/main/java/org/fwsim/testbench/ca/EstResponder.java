package org.fwsim.testbench.ca;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.fwsim.firmware.scep.message.CaCertificates;

/**
 * The CA's EST side (RFC 7030) without IO: answers {@code /cacerts}, {@code /simpleenroll} and
 * {@code /simplereenroll} under {@code /.well-known/est/} from one HTTP request given as values.
 * Issues through the same issuer, index and challenge passwords as SCEP. Never throws: every bad
 * request is an EST HTTP status with a one-line reason.
 */
final class EstResponder {

  static final String PREFIX = "/.well-known/est/";
  static final String PKCS7 = "application/pkcs7-mime";
  static final String CERTS_ONLY = PKCS7 + "; smime-type=certs-only";
  static final String PKCS10 = "application/pkcs10";

  /** The only user name the CA knows: its password is the SCEP challenge. */
  static final String USER = "est";

  /** One EST request: what the TLS layer and HTTP decoder saw. */
  record Request(
      String method,
      String path,
      String authorization,
      String contentType,
      X509Certificate clientCertificate,
      byte[] body) {}

  /**
   * One EST answer; {@code operation} names the EST operation for the access log and {@code
   * headers} holds what the status needs besides the body (WWW-Authenticate, Allow).
   */
  record Answer(
      int status,
      String contentType,
      byte[] body,
      Map<String, String> headers,
      String operation,
      String detail) {

    boolean base64() {
      return status == 200;
    }

    Answer as(String op) {
      return new Answer(status, contentType, body, headers, op, detail);
    }

    PkiAnswer forLog() {
      return new PkiAnswer(
          status,
          body,
          contentType,
          operation,
          null,
          status == 200 ? "OK" : "HTTP " + status,
          detail);
    }
  }

  private final CertificateIndex index;
  private final CertificateIssuer issuer;
  private final ChallengePasswords challenges;
  private final InstantSource clock;
  private final byte[] caCerts;

  /** The answer every enrollment gets instead of a certificate, or null: fault injection. */
  private volatile Answer enrollFault;

  EstResponder(CaParts ca) {
    this.index = ca.index();
    this.issuer = ca.issuer();
    this.challenges = ca.challenges();
    this.clock = ca.clock();
    // RA certificates are SCEP's business, not EST's
    this.caCerts = base64(CaCertificates.encodeChain(ca.material().authorityChain()));
  }

  Answer answer(Request r) {
    String operation = operation(r.path());
    if (operation == null) {
      return error(404, "other", "no EST operation at " + LogText.bounded(r.path(), 64));
    }
    return switch (operation) {
      case "cacerts" ->
          "GET".equals(r.method())
              ? ok(operation, PKCS7, caCerts)
              : notAllowed(operation, "GET", r.method());
      case "simpleenroll", "simplereenroll" ->
          !"POST".equals(r.method())
              ? notAllowed(operation, "POST", r.method())
              : enrollFault != null
                  ? enrollFault.as(operation)
                  : enroll(r, operation.equals("simplereenroll"));
      default -> error(404, "other", "EST operation " + operation + " is not served");
    };
  }

  /**
   * The operation named by a path {@code /.well-known/est/[label/]op}; null when the path is not
   * EST's. A CA label (RFC 7030 §3.2.2) is accepted and ignored: this CA has one issuer.
   */
  static String operation(String path) {
    if (path == null || !path.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    if (parts.length == 1 || (parts.length == 2 && !parts[0].isEmpty())) {
      String op = parts[parts.length - 1];
      return op.isEmpty() ? null : op;
    }
    return null;
  }

  /**
   * From now on every enrollment is answered with {@code status}, {@code contentType} and {@code
   * body} (and a Retry-After when not null) instead of a certificate; null {@code contentType}
   * clears the fault.
   */
  void failEnrollments(int status, String contentType, String body, String retryAfter) {
    enrollFault =
        contentType == null
            ? null
            : new Answer(
                status,
                contentType,
                body.getBytes(StandardCharsets.UTF_8),
                retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter),
                "enroll",
                "fault: HTTP " + status);
  }

  private Answer enroll(Request r, boolean renewal) {
    String operation = renewal ? "simplereenroll" : "simpleenroll";
    X509Certificate client = r.clientCertificate();
    Instant now = clock.instant();
    if (renewal) {
      if (client == null) {
        return error(403, operation, "simplereenroll needs the current certificate as TLS client");
      }
      String why = unusable(client, now);
      if (why != null) {
        return error(403, operation, why);
      }
    } else if (!(client != null && unusable(client, now) == null)) {
      String refused = refusedCredentials(r.authorization());
      if (refused != null) {
        return new Answer(
            401,
            "text/plain; charset=UTF-8",
            text(refused),
            Map.of("WWW-Authenticate", "Basic realm=\"estrealm\""),
            operation,
            refused);
      }
    }
    if (r.contentType() != null && !mediaType(r.contentType()).equals(PKCS10)) {
      return error(
          415, operation, "Content-Type must be " + PKCS10 + ", not " + bounded(r.contentType()));
    }
    PKCS10CertificationRequest csr;
    try {
      csr = csr(r.body());
    } catch (IllegalArgumentException e) {
      return error(400, operation, e.getMessage());
    }
    if (renewal) {
      X500Name current = X500Name.getInstance(client.getSubjectX500Principal().getEncoded());
      if (!current.equals(csr.getSubject())) {
        // RFC 7030 §4.2.2: a re-enrollment keeps the subject of the certificate it renews.
        return error(
            400,
            operation,
            "simplereenroll keeps the subject " + current + ", not " + csr.getSubject());
      }
    }
    X509Certificate issued = issuer.issue(csr, null, now);
    return ok(operation, CERTS_ONLY, base64(CaCertificates.encodeChain(List.of(issued))));
  }

  /** Why a client certificate does not authenticate (not ours, revoked, expired), or null. */
  private String unusable(X509Certificate client, Instant now) {
    Optional<IssuedCertificate> row = index.findIssued(client);
    if (row.isEmpty()) {
      return "client certificate was not issued by this CA";
    }
    return row.get().currentlyValid(now)
        ? null
        : "client certificate serial " + row.get().serial().toString(16) + " is revoked or expired";
  }

  /** Why HTTP basic credentials do not authorise an enrollment, or null when they do. */
  private String refusedCredentials(String authorization) {
    if (authorization == null) {
      return challenges.accept(null) ? null : "HTTP basic authentication required";
    }
    String[] scheme = authorization.trim().split("\\s+", 2);
    if (scheme.length != 2 || !scheme[0].equalsIgnoreCase("Basic")) {
      return "only HTTP basic authentication is accepted";
    }
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(scheme[1].trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "malformed HTTP basic credentials";
    }
    int colon = pair.indexOf(':');
    if (colon < 0 || !USER.equals(pair.substring(0, colon))) {
      return "unknown user";
    }
    return challenges.accept(pair.substring(colon + 1)) ? null : "wrong password";
  }

  /** The PKCS#10 request in a base64 body, its signature checked (proof of possession). */
  static PKCS10CertificationRequest csr(byte[] body) {
    if (body == null || body.length == 0) {
      throw new IllegalArgumentException("empty body: expected a base64 PKCS#10 request");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(stripWhitespace(body));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("body is not base64: " + e.getMessage());
    }
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(der);
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("body is not a PKCS#10 request: " + e.getMessage());
    }
    boolean signed;
    try {
      signed =
          csr.isSignatureValid(
              new JcaContentVerifierProviderBuilder()
                  .build(new JcaPKCS10CertificationRequest(csr).getPublicKey()));
    } catch (org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.pkcs.PKCSException
        | java.security.GeneralSecurityException
        | RuntimeException e) {
      throw new IllegalArgumentException("PKCS#10 signature cannot be checked: " + e.getMessage());
    }
    if (!signed) {
      throw new IllegalArgumentException("PKCS#10 signature does not verify");
    }
    if (csr.getSubject().getRDNs().length == 0) {
      throw new IllegalArgumentException("PKCS#10 subject is empty");
    }
    return csr;
  }

  private static String stripWhitespace(byte[] body) {
    StringBuilder b = new StringBuilder(body.length);
    for (byte x : body) {
      if (x != ' ' && x != '\r' && x != '\n' && x != '\t') {
        b.append((char) (x & 0xff));
      }
    }
    return b.toString();
  }

  private static String mediaType(String contentType) {
    return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  private static Answer ok(String operation, String contentType, byte[] body) {
    return new Answer(200, contentType, body, Map.of(), operation, null);
  }

  private static Answer notAllowed(String operation, String allowed, String method) {
    return new Answer(
        405,
        "text/plain; charset=UTF-8",
        text(operation + " takes " + allowed + ", not " + bounded(method)),
        Map.of("Allow", allowed),
        operation,
        operation + " takes " + allowed);
  }

  private static Answer error(int status, String operation, String why) {
    return new Answer(status, "text/plain; charset=UTF-8", text(why), Map.of(), operation, why);
  }

  private static String bounded(String s) {
    return LogText.bounded(s, 64);
  }

  private static byte[] text(String s) {
    return (s + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Base64 in 64-character lines, as {@code openssl base64 -d} reads it. */
  static byte[] base64(byte[] der) {
    return (Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
