package org.fwsim.testbench.bench;

import java.nio.file.Path;

/**
 * Where a storm keeps its keys between runs ({@code --fresh-keys}, {@code --key-store-limit},
 * {@code --reuse-keys}).
 *
 * @param directory the key store, or null to generate every key and keep none ({@code
 *     --fresh-keys}, and tests)
 * @param limitBytes the most bytes of keys the store keeps
 * @param reuse whether keys an external CA has seen may be sent to it again
 */
public record KeyStoreOptions(Path directory, long limitBytes, boolean reuse) {

  /** No store: every key generated in the run, none kept. */
  public static final KeyStoreOptions NONE = new KeyStoreOptions(null, 0, false);

  public KeyStoreOptions {
    if (limitBytes < 0) {
      throw new IllegalArgumentException(
          "--key-store-limit must be 0 or more, got " + limitBytes + " bytes");
    }
  }

  public boolean enabled() {
    return directory != null;
  }
}
