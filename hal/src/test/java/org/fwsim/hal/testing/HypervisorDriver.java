package org.fwsim.hal.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.Scheduler;

/**
 * Drives a thread-free hypervisor (workers 0) from a test until a condition holds, the Agrona
 * {@code doWorkUntil} way: run every mailbox until idle; when nothing is in flight and time may
 * move, jump virtual time to the next timer; otherwise wait briefly for IO threads. The only real
 * time involved is the bound on that wait, so a hang fails the test instead of the build.
 */
public final class HypervisorDriver {

  /** How long a driver waits for a condition by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  private static final long IO_WAIT_NANOS = 200_000;

  /**
   * What is driven and how: {@code runUntilIdle} runs its mailboxes, {@code quiet} tells that
   * nothing is in flight, {@code scheduler} holds its timers, and virtual time may jump to the next
   * timer while {@code mayAdvance} holds.
   */
  private record Rig(
      Runnable runUntilIdle,
      BooleanSupplier quiet,
      Scheduler scheduler,
      BooleanSupplier mayAdvance) {}

  private final Rig rig;

  private HypervisorDriver(Rig rig) {
    this.rig = rig;
  }

  /** A driver that runs mailboxes and waits for IO but never moves virtual time. */
  public static HypervisorDriver of(Hypervisor hv) {
    return of(hv::runUntilIdle, hv.activity()::isQuiet, hv.scheduler());
  }

  /**
   * A driver for a hand-built rig without a hypervisor: {@code runUntilIdle} runs its mailboxes,
   * {@code quiet} tells that nothing is in flight, {@code scheduler} holds its timers.
   */
  public static HypervisorDriver of(
      Runnable runUntilIdle, BooleanSupplier quiet, Scheduler scheduler) {
    return new HypervisorDriver(new Rig(runUntilIdle, quiet, scheduler, () -> false));
  }

  /**
   * This driver, also jumping virtual time to the next timer whenever the rig is quiet and {@code
   * mayAdvance} holds (e.g. "no tracked work is in flight").
   */
  public HypervisorDriver advancingTime(BooleanSupplier mayAdvance) {
    return new HypervisorDriver(
        new Rig(rig.runUntilIdle(), rig.quiet(), rig.scheduler(), mayAdvance));
  }

  /** This driver, also jumping virtual time whenever the rig is quiet. */
  public HypervisorDriver advancingTime() {
    return advancingTime(() -> true);
  }

  /** Works until {@code done} holds; fails after {@link #DEFAULT_TIMEOUT}. */
  public void doWorkUntil(BooleanSupplier done) {
    doWorkUntil(done, DEFAULT_TIMEOUT, () -> "condition not met");
  }

  /** Works until {@code done} holds; fails with {@code failure} after {@code timeout}. */
  public void doWorkUntil(BooleanSupplier done, Duration timeout, Supplier<String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      rig.runUntilIdle().run();
      if (done.getAsBoolean()) {
        return;
      }
      if (rig.quiet().getAsBoolean()
          && rig.scheduler().pendingTimers() > 0
          && rig.mayAdvance().getAsBoolean()) {
        rig.scheduler().advanceToNextDeadline();
        continue;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(failure.get() + " within " + timeout.toSeconds() + " s");
      }
      LockSupport.parkNanos(IO_WAIT_NANOS);
    }
  }

  /** Works until no message is queued and no IO is in flight; fails after {@code timeout}. */
  public void settle(Duration timeout) {
    doWorkUntil(
        () -> {
          if (!rig.quiet().getAsBoolean()) {
            return false;
          }
          rig.runUntilIdle().run(); // what the last IO completion queued
          return rig.quiet().getAsBoolean();
        },
        timeout,
        () -> "IO did not settle");
  }

  /** Works until {@code f} completes and returns its value; fails after the default timeout. */
  public <T> T await(CompletableFuture<T> f) throws ExecutionException, InterruptedException {
    return await(f, DEFAULT_TIMEOUT);
  }

  /** Works until {@code f} completes and returns its value; fails after {@code timeout}. */
  public <T> T await(CompletableFuture<T> f, Duration timeout)
      throws ExecutionException, InterruptedException {
    doWorkUntil(f::isDone, timeout, () -> "no answer");
    return f.get();
  }
}
