package org.fwsim.hal.net;

/**
 * Faults injected on a simulated link: the cable pulled, added latency, connection loss. The
 * underlay applies them to every connection leaving through the interface.
 *
 * @param down the link is down (carrier lost), independent of the administrative status
 * @param latencyMillis real-time delay added before each connection attempt, 0 for none
 * @param lossPercent probability 0..100 that a connection attempt is lost
 */
public record LinkImpairment(boolean down, int latencyMillis, int lossPercent) {

  /** A healthy link; shared by every interface that has no fault. */
  public static final LinkImpairment NONE = new LinkImpairment(false, 0, 0);

  /** Checks the ranges. */
  public LinkImpairment {
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("latency " + latencyMillis + " ms is negative");
    }
    if (lossPercent < 0 || lossPercent > 100) {
      throw new IllegalArgumentException("loss " + lossPercent + "% is outside 0..100");
    }
  }

  /** A link with the carrier lost. */
  public static LinkImpairment linkDown() {
    return new LinkImpairment(true, 0, 0);
  }

  /** True when this is a healthy link. */
  public boolean isNone() {
    return !down && latencyMillis == 0 && lossPercent == 0;
  }

  /** This impairment with the link down flag set or cleared. */
  public LinkImpairment withDown(boolean value) {
    return new LinkImpairment(value, latencyMillis, lossPercent);
  }

  /** This impairment with another added latency. */
  public LinkImpairment withLatencyMillis(int value) {
    return new LinkImpairment(down, value, lossPercent);
  }

  /** This impairment with another loss probability. */
  public LinkImpairment withLossPercent(int value) {
    return new LinkImpairment(down, latencyMillis, value);
  }
}
