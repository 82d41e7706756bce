package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.pki.FillProgress;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.testbench.keys.KeyCache;
import org.fwsim.testbench.report.Progress;

/**
 * Keys ahead of the storm, on all cores: one for the enrollment and one for the renewal of every
 * certificate, so that neither measured phase pays for key generation; and a top-up before the
 * storm for the keys that failed enrollment tries used. With a {@link KeyCache}, keys come from it
 * first and the new ones go into it, so that the next run finds them.
 */
final class KeygenPhase {

  /**
   * The estimate of a long keygen is printed once this many keys are in, or after 10 s with more
   * keys in than cores (the first ones pay for the JIT).
   */
  private static final int KEYS_BEFORE_ESTIMATE = 24;

  private static final long ESTIMATE_AFTER_NANOS = 10_000_000_000L;

  /**
   * A long keygen hands its keys to the store this often, so that a run stopped or timed out during
   * a keygen of many minutes loses at most this much of it.
   */
  private static final long KEEP_EVERY_NANOS = 30_000_000_000L;

  private final StormFleet fleet;
  private final Hypervisor hv;
  private final KeyType keyType;
  private final int cores;
  private final Progress progress;
  private final StoredKeys stored;

  /** Keys beyond the fleet's: the warm-up appliances'. */
  private final int extra;

  KeygenPhase(
      StormFleet fleet, Hypervisor hv, int cores, Progress progress, StoredKeys stored, int extra) {
    this.extra = extra;
    this.fleet = fleet;
    this.hv = hv;
    this.keyType = fleet.settings.keyType();
    this.cores = cores;
    this.progress = progress;
    this.stored = stored;
  }

  /** Keys the pool is made for: two per certificate (enrollment, renewal). */
  static int keysFor(long certificates) {
    return (int) Math.min(Integer.MAX_VALUE - 64, certificates * 2);
  }

  /**
   * Fills the pool with {@link #keysFor} keys, from the key store as far as it has them, timed as
   * the {@code keygen} phase; then keeps the new keys in the store.
   */
  PhaseRecorder run(MeterRegistry registry) throws Exception {
    PhaseRecorder keygen = new PhaseRecorder("keygen", registry, fleet.wall);
    keygen.start();
    int wanted = keysFor(fleet.certificates) + extra;
    int fromStore = stored.takeInto(hv, keyType, wanted, cores, fleet.out);
    long made = wanted > fromStore ? fill(wanted - fromStore, "keys") : 0;
    keygen.recordOkCount(fromStore + made);
    keygen.end();
    stored.keepNew(keyType, fleet.out);
    return keygen;
  }

  /**
   * Every failed enrollment try took a key of the pool, so the renewals would run short and make
   * theirs inline, inside the storm's measured window. Adds what the enrolled certificates'
   * renewals need (one key each: a renewal tried again sends the same key again) before the storm
   * starts: from the key store first, then generated. Returns the keys added.
   */
  long topUp(PhaseRecorder enroll) throws Exception {
    if (enroll.failed() + enroll.failedTries() == 0) {
      return 0;
    }
    long missing = enroll.ok() - hv.keys().available(keyType);
    if (missing <= 0) {
      return 0;
    }
    int fromStore = stored.takeInto(hv, keyType, (int) missing, cores, fleet.out);
    long made = missing > fromStore ? fill((int) (missing - fromStore), "keys+") : 0;
    stored.keepNew(keyType, fleet.out);
    return fromStore + made;
  }

  /**
   * Generates {@code n} keys into the pool on all cores behind a progress bar labelled {@code
   * label}, and says once how long it will take; past {@code --timeout} it stops and says how far
   * it got, keeping in the store what it made. Returns the keys added.
   */
  private long fill(int n, String label) throws Exception {
    FillProgress fill = hv.keys().fillAsync(keyType, n, hv.keygenExecutor(), cores);
    Progress.Bar bar = progress.track(label, n, fill::added);
    long timeout = fleet.settings.timeout().toNanos();
    long started = fleet.wall.nanos();
    long firstKeyAt = -1; // the first key also pays for starting up: the rate is taken after it
    boolean estimated = false;
    long keptAt = 0; // elapsed when the store last took the new keys
    while (true) {
      try {
        fill.completion().get(200, TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException e) {
        long elapsed = fleet.wall.nanos() - started;
        if (elapsed >= timeout) {
          fill.cancel();
          stored.keepNew(keyType, fleet.out);
          throw new TimeoutException(
              String.format(
                  Locale.ROOT,
                  "keygen: %,d of %,d keys after %d s",
                  fill.added(),
                  n,
                  TimeUnit.NANOSECONDS.toSeconds(timeout)));
        }
        if (elapsed - keptAt >= KEEP_EVERY_NANOS) {
          keptAt = elapsed;
          stored.keepNew(keyType, fleet.out);
        }
        int added = fill.added();
        if (firstKeyAt < 0 && added > 0) {
          firstKeyAt = elapsed;
        }
        if (!estimated
            && added > cores
            && (added >= KEYS_BEFORE_ESTIMATE || elapsed >= ESTIMATE_AFTER_NANOS)) {
          estimated = true;
          double perKey = (elapsed - firstKeyAt) / 1e9 / (added - 1);
          progress.say(estimate(n, added, Math.round(elapsed / 1e9 + (n - added) * perKey)));
        }
      }
    }
    progress.finish(bar);
    return fill.added();
  }

  /** {@code keygen: 4,000 rsa2048 keys on 2 cores take about 3 min 30 s (from the first 16)}. */
  private String estimate(int n, int added, long total) {
    return String.format(
        Locale.ROOT,
        "keygen: %,d %s keys on %d cores take about %s (from the first %d)%s",
        n,
        KeyCache.label(keyType),
        cores,
        total >= 60 ? (total / 60) + " min " + (total % 60) + " s" : total + " s",
        added,
        stored.enabled() ? "; the key store keeps them for the next run" : "");
  }
}
