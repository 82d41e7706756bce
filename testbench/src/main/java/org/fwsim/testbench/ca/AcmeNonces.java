package org.fwsim.testbench.ca;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ACME server's anti-replay nonces (RFC 8555 §6.5): each handed out once in a {@code
 * Replay-Nonce} and good for one request, for a while on the CA's clock; the oldest are forgotten
 * past a bound of nonces or that age, so a client that holds one too long gets {@code badNonce} and
 * a fresh one, and the CA keeps no more than the bound however long it serves. Any thread.
 */
final class AcmeNonces {

  /** How long a nonce is good for on the CA's clock; a client uses one within seconds. */
  static final Duration LIFETIME = Duration.ofMinutes(30);

  /** Nonces remembered at most, used ones included: a few per enrollment in flight. */
  static final int CAPACITY = 1 << 18;

  /** A nonce handed out and when, in the CA's epoch milliseconds. */
  private record Issued(String nonce, long at) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> live = new ConcurrentHashMap<>();
  private final Queue<Issued> order = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final InstantSource clock;

  /** Nonces that expire on {@code clock}, the CA's. */
  AcmeNonces(InstantSource clock) {
    this.clock = clock;
  }

  /** A fresh nonce, remembered until used, pushed out or expired. */
  String issue() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    String n = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    long now = clock.millis();
    live.put(n, now);
    order.add(new Issued(n, now));
    queued.incrementAndGet();
    forgetOld(now);
    return n;
  }

  /**
   * Drops the oldest while over the bound or expired. The queue holds used nonces too, so it is
   * what is bounded: each issue adds one and drops any number.
   */
  private void forgetOld(long now) {
    for (Issued head = order.peek(); head != null; head = order.peek()) {
      if (queued.get() <= CAPACITY && now - head.at() < LIFETIME.toMillis()) {
        return;
      }
      if (order.remove(head)) {
        queued.decrementAndGet();
        live.remove(head.nonce(), head.at());
      }
    }
  }

  /** Whether {@code nonce} was handed out, is not expired and was not used yet; it is used up. */
  boolean consume(String nonce) {
    Long at = nonce == null ? null : live.remove(nonce);
    return at != null && clock.millis() - at < LIFETIME.toMillis();
  }

  /** Nonces remembered now, used ones included (for tests). */
  int remembered() {
    return queued.get();
  }
}
