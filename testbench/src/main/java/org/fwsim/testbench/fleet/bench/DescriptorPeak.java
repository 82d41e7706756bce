package org.fwsim.testbench.fleet.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.hal.lang.DaemonThreads;
import org.fwsim.testbench.mgmt.Descriptors;

/**
 * The most file descriptors the process held at once while the clients ran, sampled every 20 ms:
 * the figure to hold against {@code ulimit -n}, since the clients' sockets and the devices' own
 * sessions add to the listening sockets only while they last.
 */
final class DescriptorPeak implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong(Descriptors.open());
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("fleet-bench-fd-peak"));

  DescriptorPeak() {
    sampler.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(Descriptors.open(), Math::max), 0, 20, TimeUnit.MILLISECONDS);
  }

  /** The largest count sampled so far. */
  long peak() {
    return peak.accumulateAndGet(Descriptors.open(), Math::max);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
