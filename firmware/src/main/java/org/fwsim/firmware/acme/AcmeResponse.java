package org.fwsim.firmware.acme;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP response of an ACME exchange, as a value: status, the headers ACME reads ({@code
 * Replay-Nonce}, {@code Location}, {@code Retry-After}, {@code Content-Type}; names matched without
 * case) and the body.
 */
public record AcmeResponse(int status, Map<String, String> headers, byte[] body) {

  public AcmeResponse {
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    headers = java.util.Collections.unmodifiableMap(h);
  }

  /** A header's value, if sent. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** The fresh nonce the server handed out with this response, if any. */
  public Optional<String> replayNonce() {
    return header("Replay-Nonce");
  }

  /** The {@code Location} header resolved against {@code base}, if sent. */
  public Optional<URI> location(URI base) {
    return header("Location").map(base::resolve);
  }

  /** Whether the body is a problem document (RFC 7807). */
  public boolean isProblem() {
    return status >= 400
        || header("Content-Type")
            .map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/problem+json"))
            .orElse(false);
  }

  /**
   * How long the server asks to wait before polling again (RFC 8555 §8.2, RFC 9110 §10.2.3): delay
   * seconds or an HTTP date relative to {@code now}; empty when absent or unreadable.
   */
  public Optional<Duration> retryAfter(Instant now) {
    return header("Retry-After")
        .flatMap(
            v -> {
              String t = v.trim();
              if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(t)));
              }
              try {
                Instant at =
                    ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
              } catch (DateTimeParseException e) {
                return Optional.empty();
              }
            });
  }
}
