package org.fwsim.testbench.ca;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ACME server's anti-replay nonces (RFC 8555 §6.5): each handed out once in a {@code
 * Replay-Nonce} and good for one request; the oldest are forgotten past a bound, so a client that
 * holds one too long gets {@code badNonce} and a fresh one. Any thread.
 */
final class AcmeNonces {

  private final SecureRandom random = new SecureRandom();
  private final Set<String> live = ConcurrentHashMap.newKeySet();
  private final Queue<String> order = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger queued =
      new java.util.concurrent.atomic.AtomicInteger();
  private final int capacity;

  AcmeNonces(int capacity) {
    this.capacity = capacity;
  }

  /** A fresh nonce, remembered until used or pushed out. */
  String issue() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    String n = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    live.add(n);
    order.add(n);
    // The queue holds used nonces too, so it is what is bounded: one in, at most one out.
    if (queued.incrementAndGet() > capacity) {
      String old = order.poll();
      if (old != null) {
        queued.decrementAndGet();
        live.remove(old);
      }
    }
    return n;
  }

  /** Whether {@code nonce} was handed out and not used yet; it is used up either way. */
  boolean consume(String nonce) {
    return live.remove(nonce);
  }
}
