package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.pki.FillProgress;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.testbench.report.Progress;

/**
 * Keys ahead of the storm, on all cores: one for the enrollment and one for the renewal of every
 * certificate, so that neither measured phase pays for key generation; and a top-up before the
 * storm for the keys that failed enrollment tries used.
 */
final class KeygenPhase {

  private final StormFleet fleet;
  private final Hypervisor hv;
  private final KeyType keyType;
  private final int cores;
  private final Progress progress;

  KeygenPhase(StormFleet fleet, Hypervisor hv, int cores, Progress progress) {
    this.fleet = fleet;
    this.hv = hv;
    this.keyType = fleet.settings.keyType();
    this.cores = cores;
    this.progress = progress;
  }

  /** Keys the pool is made for: two per certificate (enrollment, renewal). */
  static int keysFor(long certificates) {
    return (int) Math.min(Integer.MAX_VALUE - 64, certificates * 2);
  }

  /** Fills the pool with {@link #keysFor} keys, timed as the {@code keygen} phase. */
  PhaseRecorder run(MeterRegistry registry) throws Exception {
    PhaseRecorder keygen = new PhaseRecorder("keygen", registry, fleet.wall);
    keygen.start();
    keygen.recordOkCount(fill(keysFor(fleet.certificates), "keys"));
    keygen.end();
    return keygen;
  }

  /**
   * Every failed enrollment try took a key of the pool, so the renewals would run short and make
   * theirs inline, inside the storm's measured window. Adds what the enrolled certificates need,
   * plus twice as many as enrollment tries failed (the storm's failed tries take keys too, and
   * against micromdm they run a little above the enrollment's), before the storm starts. Returns
   * the keys added.
   */
  long topUp(PhaseRecorder enroll) throws Exception {
    long failedTries = enroll.failed();
    if (failedTries == 0) {
      return 0;
    }
    long ok = enroll.ok();
    // At most one spare per enrolled certificate: a CA refusing nearly everything gets no pile.
    long wanted = Math.min(ok + 2 * failedTries, 2 * ok + 64);
    long missing = wanted - hv.keys().available(keyType);
    return missing <= 0 ? 0 : fill((int) missing, "keys+");
  }

  /**
   * Generates {@code n} keys into the pool on all cores behind a progress bar labelled {@code
   * label}; past {@code --timeout} it stops and says how far it got. Returns the keys added.
   */
  private long fill(int n, String label) throws Exception {
    FillProgress fill = hv.keys().fillAsync(keyType, n, hv.keygenExecutor(), cores);
    Progress.Bar bar = progress.track(label, n, fill::added);
    long timeout = fleet.settings.timeout().toSeconds();
    try {
      fill.completion().get(timeout, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      fill.cancel();
      throw new TimeoutException(
          String.format(
              Locale.ROOT, "keygen: %,d of %,d keys after %d s", fill.added(), n, timeout));
    }
    progress.finish(bar);
    return fill.added();
  }
}
