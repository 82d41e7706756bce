package org.fwsim.testbench.ca;

/**
 * Faults the CA injects, read once per request so a change applies to the next request. Fractions
 * are probabilities in [0, 1] drawn from the CA's seeded random source, so a storm with the same
 * seed and request order sees the same faults.
 *
 * @param down refuse service: close each connection as soon as it opens
 * @param delayMillis hold every answer this long (scheduled on the event loop, no thread sleeps)
 * @param http500Fraction share of requests answered HTTP 500
 * @param garbageFraction share of PKIOperations answered with a 25-byte body that is no pkiMessage
 * @param pendingFraction share of enrolments answered PENDING although auto-approval is on
 * @param badRequestFraction share of PKIOperations answered FAILURE badRequest
 */
public record CaFaults(
    boolean down,
    long delayMillis,
    double http500Fraction,
    double garbageFraction,
    double pendingFraction,
    double badRequestFraction) {

  /** No faults: the CA behaves. */
  public static final CaFaults NONE = new CaFaults(false, 0, 0, 0, 0, 0);

  public CaFaults {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("fault delay must be >= 0 ms, got " + delayMillis);
    }
    checkFraction("http500Fraction", http500Fraction);
    checkFraction("garbageFraction", garbageFraction);
    checkFraction("pendingFraction", pendingFraction);
    checkFraction("badRequestFraction", badRequestFraction);
  }

  public CaFaults withDown(boolean on) {
    return new CaFaults(
        on, delayMillis, http500Fraction, garbageFraction, pendingFraction, badRequestFraction);
  }

  public CaFaults withDelayMillis(long ms) {
    return new CaFaults(
        down, ms, http500Fraction, garbageFraction, pendingFraction, badRequestFraction);
  }

  public CaFaults withHttp500Fraction(double f) {
    return new CaFaults(down, delayMillis, f, garbageFraction, pendingFraction, badRequestFraction);
  }

  public CaFaults withGarbageFraction(double f) {
    return new CaFaults(down, delayMillis, http500Fraction, f, pendingFraction, badRequestFraction);
  }

  public CaFaults withPendingFraction(double f) {
    return new CaFaults(down, delayMillis, http500Fraction, garbageFraction, f, badRequestFraction);
  }

  public CaFaults withBadRequestFraction(double f) {
    return new CaFaults(down, delayMillis, http500Fraction, garbageFraction, pendingFraction, f);
  }

  /** Whether a request meets a fault of this share, given a uniform draw in [0, 1). */
  public static boolean hits(double fraction, double draw) {
    return fraction > 0 && draw < fraction;
  }

  private static void checkFraction(String name, double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], got " + f);
    }
  }
}
