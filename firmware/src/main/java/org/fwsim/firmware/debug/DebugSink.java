package org.fwsim.firmware.debug;

/**
 * Where an appliance's debug lines go: the console in a running simulator, a list in tests.
 *
 * <p>Called from any thread (the appliance's worker and the Netty event loops both trace), so an
 * implementation must be thread-safe; it should not block (hand the line to a queue).
 */
@FunctionalInterface
public interface DebugSink {
  /** Takes one complete output line, without a line terminator. */
  void println(String line);
}
