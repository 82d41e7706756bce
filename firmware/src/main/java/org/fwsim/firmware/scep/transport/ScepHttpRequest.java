package org.fwsim.firmware.scep.transport;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.net.Ip4;

/**
 * One SCEP HTTP request, immutable: operation, target, payload, egress (where the connection leaves
 * and is bound, and what forticron's trace prints) and timeout. Build with the static factories,
 * then {@link #withEgress} and {@link #withTimeout}.
 *
 * <p>The request target is built when the request is made, on the caller's thread (an appliance's
 * worker): a GET PKIOperation's is some 5 KB of escaped base64, which the event loop then only
 * writes.
 */
public final class ScepHttpRequest {
  /** Content-Type of a POSTed pkiMessage (RFC 8894 §4.3). */
  public static final String PKI_MESSAGE_TYPE = "application/x-pki-message";

  /** Used when the caller sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final ScepOperation operation;
  private final ScepUrl url;
  private final boolean post;
  private final byte[] pkiMessage;
  private final String caIdentifier;
  private final Egress egress;
  private final Duration timeout;
  private final String uri;

  private ScepHttpRequest(
      ScepOperation operation,
      ScepUrl url,
      boolean post,
      byte[] pkiMessage,
      String caIdentifier,
      Egress egress,
      Duration timeout) {
    this.operation = operation;
    this.url = Objects.requireNonNull(url, "url");
    this.post = post;
    this.pkiMessage = pkiMessage;
    this.caIdentifier = caIdentifier;
    this.egress = egress;
    this.timeout = timeout;
    this.uri = buildUri();
  }

  /** {@code from} with another egress and timeout: the same target, not built again. */
  private ScepHttpRequest(ScepHttpRequest from, Egress egress, Duration timeout) {
    this.operation = from.operation;
    this.url = from.url;
    this.post = from.post;
    this.pkiMessage = from.pkiMessage;
    this.caIdentifier = from.caIdentifier;
    this.egress = egress;
    this.timeout = timeout;
    this.uri = from.uri;
  }

  /**
   * {@code GET ?operation=GetCACaps[&message=<caIdentifier>]}; {@code caIdentifier} may be null.
   */
  public static ScepHttpRequest getCaCaps(ScepUrl url, String caIdentifier) {
    return caQuery(ScepOperation.GET_CA_CAPS, url, caIdentifier);
  }

  /**
   * {@code GET ?operation=GetCACert[&message=<caIdentifier>]}; {@code caIdentifier} may be null.
   */
  public static ScepHttpRequest getCaCert(ScepUrl url, String caIdentifier) {
    return caQuery(ScepOperation.GET_CA_CERT, url, caIdentifier);
  }

  /**
   * {@code GET ?operation=GetNextCACert[&message=<caIdentifier>]}; {@code caIdentifier} may be
   * null.
   */
  public static ScepHttpRequest getNextCaCert(ScepUrl url, String caIdentifier) {
    return caQuery(ScepOperation.GET_NEXT_CA_CERT, url, caIdentifier);
  }

  /**
   * {@code POST ?operation=PKIOperation} with the DER pkiMessage as a binary body (RFC 8894 §4.3).
   */
  public static ScepHttpRequest pkiOperationPost(ScepUrl url, byte[] pkiMessage) {
    return pkiOperation(url, true, pkiMessage);
  }

  /**
   * Legacy {@code GET ?operation=PKIOperation&message=...}: the pkiMessage in standard base64 (not
   * base64url), then URL-escaped (RFC 8894 §4.3).
   */
  public static ScepHttpRequest pkiOperationGet(ScepUrl url, byte[] pkiMessage) {
    return pkiOperation(url, false, pkiMessage);
  }

  private static ScepHttpRequest caQuery(
      ScepOperation operation, ScepUrl url, String caIdentifier) {
    return new ScepHttpRequest(
        operation, url, false, null, blankToNull(caIdentifier), null, DEFAULT_TIMEOUT);
  }

  private static ScepHttpRequest pkiOperation(ScepUrl url, boolean post, byte[] pkiMessage) {
    return new ScepHttpRequest(
        ScepOperation.PKI_OPERATION,
        url,
        post,
        copyNonEmpty(pkiMessage),
        null,
        null,
        DEFAULT_TIMEOUT);
  }

  /** The egress chosen for this request, unchanged down to the socket. */
  public ScepHttpRequest withEgress(Egress chosen) {
    Objects.requireNonNull(chosen, "egress");
    return new ScepHttpRequest(this, chosen, timeout);
  }

  /** Time allowed for connect, send and the whole reply (real time: it guards real socket IO). */
  public ScepHttpRequest withTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return new ScepHttpRequest(this, egress, timeout);
  }

  public ScepOperation operation() {
    return operation;
  }

  public ScepUrl url() {
    return url;
  }

  /** The DER pkiMessage of a PKIOperation (a copy), null for the other operations. */
  public byte[] pkiMessage() {
    return pkiMessage == null ? null : pkiMessage.clone();
  }

  /** The {@code message=} CA identifier of GetCACaps and GetCACert, null when none. */
  public String caIdentifier() {
    return caIdentifier;
  }

  /** True for a POSTed PKIOperation. */
  public boolean post() {
    return post;
  }

  /** The egress, null until {@link #withEgress} (a connector then uses its own defaults). */
  public Egress egress() {
    return egress;
  }

  /** The interface index forticron prints: 0 without an egress or with {@code auto}. */
  public int ifindex() {
    return egress == null ? 0 : egress.traceIfindex();
  }

  /** The configured {@code source-ip} forticron prints, {@link Ip4#ANY} when unset. */
  public int sourceIp() {
    return egress == null ? Ip4.ANY : egress.configuredSourceIp();
  }

  public Duration timeout() {
    return timeout;
  }

  /** The request target: path and query, escaped as sent. */
  public String uri() {
    return uri;
  }

  private String buildUri() {
    QueryStringEncoder query = new QueryStringEncoder("");
    query.addParam("operation", operation.wireName());
    boolean getMessage = pkiMessage != null && !post;
    if (!getMessage && caIdentifier != null) {
      query.addParam("message", caIdentifier);
    }
    String path = url.path();
    StringBuilder uri =
        new StringBuilder(path.length() + 32 + (getMessage ? pkiMessage.length * 2 : 0));
    uri.append(path).append(query.toString()); // the query starts with '?'
    if (path.indexOf('?') >= 0) {
      uri.setCharAt(path.length(), '&');
    }
    if (getMessage) {
      // Escaped as QueryStringEncoder would, whose general path (each of some 12,000 characters
      // through a UTF-8 encoder) was a visible part of the event loop's time in a storm: of the
      // base64 alphabet only '+', '/' and '=' need it.
      uri.append("&message=");
      for (byte b : Base64.getEncoder().encode(pkiMessage)) {
        switch (b) {
          case '+' -> uri.append("%2B");
          case '/' -> uri.append("%2F");
          case '=' -> uri.append("%3D");
          default -> uri.append((char) b);
        }
      }
    }
    return uri.toString();
  }

  /**
   * The Netty request, around the target built beforehand; a new buffer each call, the caller owns
   * (writes or releases) it.
   */
  FullHttpRequest toNetty() {
    FullHttpRequest request;
    if (post) {
      request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.POST, uri, Unpooled.wrappedBuffer(pkiMessage));
      request.headers().set("Content-Type", PKI_MESSAGE_TYPE);
      request.headers().setInt("Content-Length", pkiMessage.length);
    } else {
      request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
    }
    // Header names spelled as common clients send them (Netty's constants are lower case).
    request.headers().set("Host", url.hostHeader());
    // FortiOS opens a new connection for every step; say so, and the server closes after replying.
    request.headers().set("Connection", "close");
    return request;
  }

  @Override
  public String toString() {
    return (post ? "POST " : "GET ") + url + " operation=" + operation.wireName();
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static byte[] copyNonEmpty(byte[] message) {
    if (message == null || message.length == 0) {
      throw new IllegalArgumentException("PKIOperation needs a non-empty pkiMessage");
    }
    return message.clone();
  }
}
