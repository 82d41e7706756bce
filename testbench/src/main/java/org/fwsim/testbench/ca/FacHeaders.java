package org.fwsim.testbench.ca;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The header block of the CA's answers, as the FortiAuthenticator of KB-420924 writes it: {@code
 * Date}, {@code Content-Length}, {@code X-Content-Type-Options}, {@code Referrer-Policy}, {@code
 * Permissions-Policy}, {@code Connection}, {@code Content-Type}, in that order and case, so that
 * forticron's trace of the header block reads as in the seed. The date comes from the CA's clock
 * (the simulation's virtual clock).
 */
final class FacHeaders {

  /** RFC 9110's IMF-fixdate: two-digit day, English names, always GMT. */
  static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private FacHeaders() {}

  /**
   * Sets the whole header block; {@code extra} (e.g. {@code Retry-After}), when not null, goes
   * right before {@code Connection}.
   */
  static void apply(
      HttpHeaders headers,
      InstantSource clock,
      int contentLength,
      String contentType,
      boolean keepAlive,
      String extraName,
      String extraValue) {
    headers.clear();
    headers.add("Date", IMF_FIXDATE.format(clock.instant()));
    headers.add("Content-Length", Integer.toString(contentLength));
    headers.add("X-Content-Type-Options", "nosniff");
    headers.add("Referrer-Policy", "strict-origin-when-cross-origin");
    headers.add("Permissions-Policy", "fullscreen=(self)");
    if (extraName != null) {
      headers.add(extraName, extraValue);
    }
    headers.add("Connection", keepAlive ? "keep-alive" : "close");
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
  }
}
