package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.ClockMode;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.pki.KeyPool;
import org.fwsim.testbench.ca.ScepCa;

/**
 * Where the warm-up runs when the fleet's CA is external: a hypervisor of its own on a virtual
 * clock of its own, and an embedded CA on that hypervisor's underlay. An external CA dates its
 * certificates by the host's clock, and the warm-up moves its clock a renewal period ahead at each
 * round: on the fleet's clock that would leave the fleet's certificates expired before the storm.
 * Here the fleet's clock never moves, and the external CA never hears of the warm-up. The
 * appliances run the same code as the fleet's (firmware, SCEP client, Netty), which is what the
 * warm-up is for; their keys come from the fleet's key pool, where keygen put them.
 */
final class WarmupHost implements AutoCloseable {

  /** Key pool of the host's own: every key is taken from the fleet's pool when asked for. */
  private static final int OWN_POOL = 2;

  final SimClock clock;
  final Hypervisor hypervisor;
  final ScepCa ca;

  /** The warm-up appliances, enrolling with {@link #ca}. */
  final StormFleet fleet;

  private WarmupHost(SimClock clock, Hypervisor hypervisor, ScepCa ca, StormFleet fleet) {
    this.clock = clock;
    this.hypervisor = hypervisor;
    this.ca = ca;
    this.fleet = fleet;
  }

  /**
   * Starts the host for {@code devices} warm-up appliances beside {@code fleet}, its clock at
   * {@code now} (the fleet's) and in REALTIME, its keys from {@code fleetKeys}, its CA and workers
   * on {@code cores} threads.
   */
  static WarmupHost start(
      StormFleet fleet, int devices, Instant now, KeyPool fleetKeys, int cores) {
    SimClock clock = SimClock.fastForward(now);
    clock.setMode(ClockMode.REALTIME);
    Hypervisor hv =
        Hypervisor.builder(clock)
            .workers(fleet.settings.workerThreads())
            .keygenThreads(1)
            .keySource(fleetKeys::take)
            .keyPoolCapacity(OWN_POOL)
            .build();
    try {
      StormFleet warm =
          StormFleet.warmup(fleet, devices, CaSetup.embeddedScepUrl(), CaSetup.randomChallenge());
      ScepCa ca = CaSetup.startEmbedded(warm, hv, clock, new SimpleMeterRegistry(), cores);
      return new WarmupHost(clock, hv, ca, warm);
    } catch (RuntimeException e) {
      hv.close();
      throw e;
    }
  }

  /** Warm-up transactions in flight per core: enough to keep the cores busy, and no more. */
  static final int IN_FLIGHT_PER_CORE = 4;

  /**
   * The admission the warm-up appliances share: none when the fleet has none, else a bound as wide
   * as the fleet's or {@link #IN_FLIGHT_PER_CORE} per core, whichever is wider. A bound of the same
   * kind as the fleet's warms the admission's own code as the storm will run it; a wider one keeps
   * every core busy (the fleet's bound is there for the external CA's sake), and a narrow one keeps
   * the requests of a loaded machine within the transport's step timeout.
   */
  static ScepAdmission admission(ScepAdmission fleetAdmission, int cores) {
    if (fleetAdmission.limit() == 0) {
      return ScepAdmission.UNLIMITED;
    }
    int wide = IN_FLIGHT_PER_CORE * Math.max(1, cores);
    return ScepAdmission.bounded(Math.max(fleetAdmission.limit(), wide));
  }

  @Override
  public void close() {
    try {
      ca.close();
    } finally {
      hypervisor.close();
    }
  }
}
