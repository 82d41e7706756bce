package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.testbench.report.model.BoundResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The EST crypto bound: each renewal completes a fresh TLS 1.3 handshake with client authentication
 * (no resumption) and moves the request and answer through it, for RSA and EC appliance keys; it is
 * measured like the SCEP bound.
 */
class EstBoundTest {

  /**
   * {@code method} measured for 20 ms on one thread by a clock that ticks 1 ms at each reading: ten
   * renewals, whatever the machine.
   */
  static BoundResult ticked(CryptoBound.Method method, CryptoBound.ClientKey key) {
    AtomicLong now = new AtomicLong();
    return CryptoBound.prepare(key)
        .measure(
            method,
            new CryptoBound.Settings(1, Duration.ZERO, Duration.ofMillis(20)),
            () -> now.addAndGet(1_000_000L));
  }

  @ParameterizedTest
  @EnumSource(CryptoBound.ClientKey.class)
  void everyRenewalHandshakesAndMovesRequestAndAnswer(CryptoBound.ClientKey key) throws Exception {
    BoundKeys keys = BoundKeys.generate(key);
    EstRenewalOps ops = new EstRenewalOps(keys, new SecureRandom());
    long first = ops.renewOnce();
    long second = ops.renewOnce();
    // request and answer bytes delivered each time, plus the first bytes of two signatures
    assertTrue(first > 2_500 - 256 && second > 2_500 - 256, first + " " + second);
  }

  @org.junit.jupiter.api.Test
  void isMeasuredLikeTheScepBound() {
    BoundResult r = ticked(CryptoBound.Method.EST, CryptoBound.ClientKey.EC_P256);
    assertEquals(10, r.renewals(), r.toString());
    assertTrue(r.toString().startsWith("est ec256"), r.toString());
  }
}
