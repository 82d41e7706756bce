package org.fwsim.testbench.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.testing.TestThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key store between runs: keeps keys, hands each to one run, remembers CAs, survives junk. */
class KeyCacheTest {

  private static final KeyType EC = KeyType.EC_P256;
  private static final String CA_A = "a".repeat(64);
  private static final String CA_B = "b".repeat(64);

  @TempDir Path cache;

  private final List<String> warnings = new ArrayList<>();

  private KeyCache open() throws Exception {
    return KeyCache.open(cache.resolve("fwsim").resolve("keys"), 1L << 30, warnings::add);
  }

  private static List<KeyPair> keys(int n) {
    List<KeyPair> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add(KeySource.jca().generate(EC));
    }
    return keys;
  }

  private static Set<String> encoded(List<KeyPair> keys) {
    Set<String> s = new HashSet<>();
    keys.forEach(
        k -> s.add(java.util.Base64.getEncoder().encodeToString(k.getPublic().getEncoded())));
    return s;
  }

  @Test
  void keysKeptByOneRunAreTakenByTheNextPrivateToTheUser() throws Exception {
    List<KeyPair> made = keys(150);
    try (KeyCache first = open()) {
      assertEquals(150, first.put(EC, made, null));
      assertEquals(0, first.take(EC, 150, null, false).keys().size(), "its own run holds them");
    }
    try (KeyCache second = open()) {
      KeyCache.Taken t = second.take(EC, 150, null, false);
      assertEquals(encoded(made), encoded(t.keys()));
      assertEquals(2, t.batches(), "100 keys per batch");
      assertEquals(150, second.contents().keys());
      assertEquals(Map.of("ec256", 150L), second.contents().keysByType());
    }
    Path keys = cache.resolve("fwsim/keys");
    for (Path dir : List.of(cache.resolve("fwsim"), keys, keys.resolve("ec256"))) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }
    try (Stream<Path> files = Files.list(keys.resolve("ec256"))) {
      for (Path f : files.toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void twoRunsAtOnceNeverGetTheSameKey() throws Exception {
    try (KeyCache seed = open()) {
      seed.put(EC, keys(400), null);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<KeyCache> runs = new ArrayList<>();
    try {
      List<Future<List<KeyPair>>> taken = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        KeyCache run = open();
        runs.add(run);
        Callable<List<KeyPair>> take = () -> run.take(EC, 100, null, false).keys();
        taken.add(pool.submit(take));
      }
      Set<String> seen = new HashSet<>();
      int total = 0;
      for (Future<List<KeyPair>> f : taken) {
        List<KeyPair> k = f.get();
        total += k.size();
        seen.addAll(encoded(k));
      }
      assertEquals(400, total, "a batch each");
      assertEquals(400, seen.size(), "no key handed to two runs");
    } finally {
      pool.shutdownNow();
      for (KeyCache run : runs) {
        run.close();
      }
    }
  }

  /**
   * The race the store lock closes, made to happen every time: while run A's lease file exists but
   * is not yet locked, run B lists the leases (its take). B must wait for A's lease to be locked
   * and known, or it deletes it as a dead run's, and a third run C then gets the keys A took.
   */
  @Test
  void aRunListingTheLeasesWhileAnotherMakesItsOwnWaitsForItsLock() throws Exception {
    try (KeyCache seed = open()) {
      seed.put(EC, keys(100), null);
    }
    Path dir = cache.resolve("fwsim").resolve("keys");
    try (KeyCache b = open()) {
      AtomicReference<TestThread> listing = new AtomicReference<>();
      Runnable bListsNow =
          () -> {
            listing.set(
                TestThread.start(
                    "test-lister",
                    () -> b.take(EC, 0, null, false))); // takes nothing, lists the leases
            // Until B has listed, or waits for the store lock A holds.
            listing.get().awaitParkedOrEnded();
          };
      try (KeyCache a = KeyCache.open(dir, 1L << 30, warnings::add, bListsNow)) {
        listing.get().join(Duration.ofSeconds(20));
        List<KeyPair> toA = a.take(EC, 100, null, false).keys();
        assertEquals(100, toA.size());
        try (KeyCache c = open()) {
          List<KeyPair> toC = c.take(EC, 100, null, false).keys();
          Set<String> both = encoded(toA);
          both.retainAll(encoded(toC));
          assertEquals(0, both.size(), "keys handed to two runs at once");
        }
      }
    }
  }

  @Test
  void aLeaseLeftByARunThatDiedIsDropped() throws Exception {
    try (KeyCache seed = open()) {
      seed.put(EC, keys(100), null);
    }
    Path leases = cache.resolve("fwsim/keys/leases");
    String batch;
    try (Stream<Path> files = Files.list(cache.resolve("fwsim/keys/ec256"))) {
      batch = "ec256/" + files.findFirst().orElseThrow().getFileName();
    }
    Files.writeString(leases.resolve("999999-dead.lease"), batch + "\n"); // nobody holds its lock
    try (KeyCache run = open()) {
      assertEquals(100, run.take(EC, 100, null, false).keys().size());
    }
    assertFalse(Files.exists(leases.resolve("999999-dead.lease")));
  }

  @Test
  void aLeaseHeldByAnotherProcessKeepsItsBatches() throws Exception {
    try (KeyCache seed = open()) {
      seed.put(EC, keys(100), null);
    }
    String batch;
    try (Stream<Path> files = Files.list(cache.resolve("fwsim/keys/ec256"))) {
      batch = "ec256/" + files.findFirst().orElseThrow().getFileName();
    }
    Path lease = Files.writeString(cache.resolve("fwsim/keys/leases/1-other.lease"), batch + "\n");
    // Another JVM holds the lease's lock, as a second storm would.
    Path holder =
        Files.writeString(
            cache.resolve("Hold.java"),
            "public class Hold { public static void main(String[] a) throws Exception {\n"
                + "  try (var c = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]),"
                + " java.nio.file.StandardOpenOption.WRITE); var l = c.lock()) {\n"
                + "    System.out.println(\"locked\"); System.out.flush(); System.in.read(); } } }\n");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process other =
        new ProcessBuilder(java, holder.toString(), lease.toString())
            .redirectErrorStream(true)
            .start();
    try (var lines =
        new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream()))) {
      assertEquals("locked", lines.readLine());
      try (KeyCache run = open()) {
        assertEquals(0, run.take(EC, 100, null, false).keys().size());
      }
      assertTrue(Files.exists(lease), "a live lease stays");
    } finally {
      other.getOutputStream().close(); // the holder reads its end of input and exits
      other.waitFor();
    }
  }

  @Test
  void aKeyGoesToEachExternalCaOnceUnlessReuseIsAsked() throws Exception {
    try (KeyCache seed = open()) {
      seed.put(EC, keys(100), null);
    }
    try (KeyCache run = open()) {
      assertEquals(100, run.take(EC, 100, CA_A, false).keys().size());
    }
    try (KeyCache run = open()) {
      assertEquals(0, run.take(EC, 100, CA_A, false).keys().size(), "CA A has seen them");
    }
    try (KeyCache run = open()) {
      assertEquals(100, run.take(EC, 100, CA_B, false).keys().size(), "CA B has not");
    }
    try (KeyCache run = open()) {
      assertEquals(100, run.take(EC, 100, CA_A, true).keys().size(), "--reuse-keys");
    }
    try (KeyCache run = open()) {
      run.put(EC, keys(10), CA_A); // made in a run against CA A: sent there
    }
    try (KeyCache run = open()) {
      assertEquals(0, run.take(EC, 200, CA_A, false).keys().size());
      assertEquals(110, run.take(EC, 200, null, false).keys().size(), "the embedded CA is new");
    }
  }

  @Test
  void damagedAndForeignFilesAreSkippedWithAWarning() throws Exception {
    try (KeyCache seed = open()) {
      seed.put(EC, keys(200), null);
    }
    Path dir = cache.resolve("fwsim/keys/ec256");
    List<Path> batches;
    try (Stream<Path> files = Files.list(dir)) {
      batches = files.sorted().toList();
    }
    byte[] whole = Files.readAllBytes(batches.get(0));
    Files.write(batches.get(0), java.util.Arrays.copyOf(whole, whole.length / 2)); // truncated
    Files.writeString(dir.resolve("notes.txt"), "not keys");
    Files.writeString(dir.resolve("b0000000000000000-00000000-n5.keys"), "garbage");
    try (KeyCache run = open()) {
      KeyCache.Taken t = run.take(EC, 300, null, false);
      assertEquals(100, t.keys().size(), "the intact batch");
      assertEquals(2, t.skipped());
    }
    assertEquals(3, warnings.size(), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("notes.txt") && w.contains("not a key")));
    assertTrue(warnings.stream().anyMatch(w -> w.contains("truncated or altered")));
    assertTrue(warnings.stream().anyMatch(w -> w.contains("no fwsim-keys header")));
    assertFalse(Files.exists(batches.get(0)), "a damaged batch of the store's own is removed");
    assertTrue(Files.exists(dir.resolve("notes.txt")), "a foreign file is left alone");
  }

  @Test
  void theLimitRemovesTheLeastRecentlyTakenBatchesFirst() throws Exception {
    long oneBatch;
    try (KeyCache probe = KeyCache.open(cache.resolve("probe"), 1L << 30, warnings::add)) {
      probe.put(EC, keys(100), null);
      oneBatch = probe.contents().bytes();
    }
    Path root = cache.resolve("small");
    try (KeyCache run = KeyCache.open(root, oneBatch * 2 + oneBatch / 2, warnings::add)) {
      assertEquals(200, run.put(EC, keys(200), null));
    }
    try (KeyCache run = KeyCache.open(root, oneBatch * 2 + oneBatch / 2, warnings::add)) {
      assertEquals(100, run.put(EC, keys(100), null));
      KeyCache.Contents c = run.contents();
      assertEquals(200, c.keys(), "one old batch made room");
      assertTrue(c.bytes() <= oneBatch * 2 + oneBatch / 2, c.toString());
      assertEquals(100, run.take(EC, 300, null, false).keys().size(), "the other is this run's");
    }
    try (KeyCache none = KeyCache.open(cache.resolve("none"), 0, warnings::add)) {
      assertEquals(0, none.put(EC, keys(1), null), "limit 0 keeps nothing");
    }
  }

  @Test
  void theStoreLivesInTheUsersCacheDirectory() {
    assertEquals(
        Path.of("/x/cache/fwsim/keys"),
        KeyCache.defaultDirectory(Map.of("XDG_CACHE_HOME", "/x/cache"), "/home/u"));
    assertEquals(
        Path.of("/home/u/.cache/fwsim/keys"), KeyCache.defaultDirectory(Map.of(), "/home/u"));
    assertEquals(
        Path.of("/home/u/.cache/fwsim/keys"),
        KeyCache.defaultDirectory(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"),
        "the XDG rule ignores a relative path");
  }
}
