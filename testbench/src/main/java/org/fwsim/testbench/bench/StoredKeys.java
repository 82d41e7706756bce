package org.fwsim.testbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.testbench.keys.KeyCache;

/**
 * A storm's side of the {@link KeyCache}: takes the run's keys from it into the hypervisor's key
 * pool, keeps the keys the run generated, and says what it did. With {@code --fresh-keys} (or no
 * store) it does nothing and every key is generated.
 */
final class StoredKeys implements AutoCloseable {

  private final KeyCache store;
  private final RecordingKeySource source = new RecordingKeySource(KeySource.jca());
  private final String caIdentity;
  private final boolean reuse;
  private int taken;
  private int skippedBatches;
  private long kept;

  private StoredKeys(KeyCache store, String caIdentity, boolean reuse) {
    this.store = store;
    this.caIdentity = caIdentity;
    this.reuse = reuse;
  }

  /**
   * Opens the store of {@code options}, or none when it is disabled.
   *
   * @param caIdentity the external CA's identity ({@link CaIdentity}), null for the embedded CA
   */
  static StoredKeys open(KeyStoreOptions options, String caIdentity, PrintStream out)
      throws IOException {
    if (!options.enabled()) {
      return new StoredKeys(null, null, false);
    }
    try {
      KeyCache store =
          KeyCache.open(
              options.directory(), options.limitBytes(), line -> out.println("fwsim: " + line));
      return new StoredKeys(store, caIdentity, options.reuse());
    } catch (IOException e) {
      // A cache directory we cannot use costs time, not the run.
      out.println(
          "fwsim: key store "
              + options.directory()
              + " cannot be used ("
              + e
              + "): every key is generated, none kept");
      return new StoredKeys(null, null, false);
    }
  }

  boolean enabled() {
    return store != null;
  }

  /** The hypervisor's key source: one that remembers its keys for the store, or the plain one. */
  KeySource keySource() {
    return store != null ? source : KeySource.jca();
  }

  /**
   * Takes up to {@code wanted} keys from the store, readies them on {@code cores} threads (the
   * keygen executor's) and offers them to the pool; says so on {@code out}; returns how many the
   * pool took.
   */
  int takeInto(Hypervisor hv, KeyType type, int wanted, int cores, PrintStream out)
      throws Exception {
    if (store == null) {
      return 0;
    }
    KeyCache.Taken t;
    try {
      t = store.take(type, wanted, caIdentity, reuse);
    } catch (IOException e) {
      out.println("fwsim: key store: no keys taken (" + e + "): they are generated");
      return 0;
    }
    skippedBatches += t.skipped();
    List<KeyPair> keys = t.keys();
    List<CompletableFuture<Integer>> parts = new ArrayList<>(cores);
    int slice = (keys.size() + cores - 1) / Math.max(1, cores);
    for (int from = 0; from < keys.size(); from += slice) {
      List<KeyPair> part = keys.subList(from, Math.min(keys.size(), from + slice));
      parts.add(
          CompletableFuture.supplyAsync(
              () -> {
                int offered = 0;
                for (KeyPair k : part) {
                  KeySource.warmUp(k); // as a generated key is: its first signature costs no more
                  offered += hv.keys().offer(type, k) ? 1 : 0;
                }
                return offered;
              },
              hv.keygenExecutor()));
    }
    int offered = 0;
    for (CompletableFuture<Integer> p : parts) {
      offered += p.get();
    }
    if (taken == 0 || offered > 0) { // the first call always says how many; a top-up if any
      out.printf(
          Locale.ROOT,
          "Key store %s: %,d %s keys taken%s%n",
          store.directory(),
          offered,
          KeyCache.label(type),
          caIdentity == null
              ? ""
              : reuse ? " (--reuse-keys: this CA may have seen them)" : " (never sent to this CA)");
    }
    taken += offered;
    return offered;
  }

  /**
   * Keeps the keys generated since the last call (a fill, misses) for later runs; a store that
   * cannot take them is reported on {@code out} and the run goes on.
   */
  void keepNew(KeyType type, PrintStream out) {
    if (store == null) {
      return;
    }
    List<KeyPair> fresh = source.drain(type);
    if (fresh.isEmpty()) {
      return;
    }
    try {
      kept += store.put(type, fresh, caIdentity);
    } catch (IOException e) {
      out.println("fwsim: key store: " + fresh.size() + " new keys not kept (" + e + ")");
    }
  }

  /** One line for the run's parameters: what came from the store, what went in, how full it is. */
  String describe() throws IOException {
    if (store == null) {
      return "none (--fresh-keys): every key generated";
    }
    KeyCache.Contents c = store.contents();
    return String.format(
        Locale.ROOT,
        "%s: %,d keys taken, %,d new kept%s; holds %,d keys, %s of %s",
        store.directory(),
        taken,
        kept,
        skippedBatches > 0 ? ", " + skippedBatches + " damaged batches skipped" : "",
        c.keys(),
        mebibytes(c.bytes()),
        mebibytes(store.limitBytes()));
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  @Override
  public void close() throws IOException {
    if (store != null) {
      store.close();
    }
  }
}
