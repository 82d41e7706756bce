package org.fwsim.testbench.ca;

/**
 * Faults the CA injects, read once per request so a change applies to the next request. Fractions
 * are probabilities in [0, 1] drawn from the CA's seeded random source, so a storm with the same
 * seed and request order sees the same faults.
 *
 * @param down refuse service: close each connection as soon as it opens
 * @param delayMillis hold every answer this long (scheduled on the event loop, no thread sleeps)
 * @param http500 answer every request with HTTP 500
 * @param garbage answer PKIOperation with a 25-byte body that is no pkiMessage
 * @param pendingFraction share of enrolments answered PENDING although auto-approval is on
 * @param badRequestFraction share of PKIOperations answered FAILURE badRequest
 */
public record CaFaults(
    boolean down,
    long delayMillis,
    boolean http500,
    boolean garbage,
    double pendingFraction,
    double badRequestFraction) {

  /** No faults: the CA behaves. */
  public static final CaFaults NONE = new CaFaults(false, 0, false, false, 0, 0);

  public CaFaults {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("fault delay must be >= 0 ms, got " + delayMillis);
    }
    checkFraction("pendingFraction", pendingFraction);
    checkFraction("badRequestFraction", badRequestFraction);
  }

  public CaFaults withDown(boolean on) {
    return new CaFaults(on, delayMillis, http500, garbage, pendingFraction, badRequestFraction);
  }

  public CaFaults withDelayMillis(long ms) {
    return new CaFaults(down, ms, http500, garbage, pendingFraction, badRequestFraction);
  }

  public CaFaults withHttp500(boolean on) {
    return new CaFaults(down, delayMillis, on, garbage, pendingFraction, badRequestFraction);
  }

  public CaFaults withGarbage(boolean on) {
    return new CaFaults(down, delayMillis, http500, on, pendingFraction, badRequestFraction);
  }

  public CaFaults withPendingFraction(double f) {
    return new CaFaults(down, delayMillis, http500, garbage, f, badRequestFraction);
  }

  public CaFaults withBadRequestFraction(double f) {
    return new CaFaults(down, delayMillis, http500, garbage, pendingFraction, f);
  }

  private static void checkFraction(String name, double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], got " + f);
    }
  }
}
