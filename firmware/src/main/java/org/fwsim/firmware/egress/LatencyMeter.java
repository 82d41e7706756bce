package org.fwsim.firmware.egress;

/**
 * Measures the part of a probe's latency that the host itself adds (the real loopback round trip).
 *
 * <p>Why injected: firmware code must not read the real clock, yet a probe's link latency is the
 * sum of the simulated impairment of its interface (known exactly, {@code LinkImpairment}) and
 * whatever the host's loopback costs. {@link SdwanHealth} reports {@code impairment latency +
 * measured}; with {@link #NONE} (tests, deterministic runs) the measured part is 0 and latency
 * equals the configured impairment. The launcher may wire a monotonic-clock meter to show realistic
 * sub-millisecond noise.
 */
public interface LatencyMeter {

  /** Measures nothing: every probe's host part is 0. */
  LatencyMeter NONE =
      new LatencyMeter() {
        @Override
        public long start() {
          return 0;
        }

        @Override
        public long elapsedMicros(long mark) {
          return 0;
        }
      };

  /** A mark taken when a probe starts; opaque to the caller. Called on the appliance's thread. */
  long start();

  /** Microseconds since {@code mark}, 0 or more. Called on an event loop thread. */
  long elapsedMicros(long mark);
}
