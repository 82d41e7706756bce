package org.fwsim.hal.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.fwsim.hal.testing.TestExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeyPoolTest {

  @RegisterExtension final TestExecutor pool = new TestExecutor(4);
  private final ExecutorService executor = pool.executor();

  @Test
  void keysMadeElsewhereAreHandedOutAsNeitherGeneratedNorMissed() {
    KeyPool pool =
        new KeyPool(
            type -> {
              throw new AssertionError("no generation");
            },
            2);
    KeyPair a = KeySource.jca().generate(KeyType.EC_P256);
    KeyPair b = KeySource.jca().generate(KeyType.EC_P256);
    assertTrue(pool.offer(KeyType.EC_P256, a));
    assertTrue(pool.offer(KeyType.EC_P256, b));
    assertFalse(pool.offer(KeyType.EC_P256, a), "full");
    assertThrows(
        IllegalArgumentException.class, () -> pool.offer(KeyType.EC_P384, a), "a P-256 key");
    assertSame(a, pool.take(KeyType.EC_P256));
    assertSame(b, pool.take(KeyType.EC_P256));
    assertEquals(0, pool.generated());
    assertEquals(0, pool.misses());
    assertEquals(2, pool.handedOut());
  }

  @Test
  void concurrentConsumersGetEveryKeyExactlyOnce() throws Exception {
    RecordingKeySource source = new RecordingKeySource(KeySource.jca());
    KeyPool pool = new KeyPool(source, 256);
    assertEquals(200, pool.fill(KeyType.EC_P256, 200));
    assertEquals(200, pool.available(KeyType.EC_P256));

    int consumers = 4;
    int takesEach = 60;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<KeyPair>>> results = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      results.add(
          executor.submit(
              () -> {
                start.await();
                List<KeyPair> taken = new ArrayList<>();
                for (int i = 0; i < takesEach; i++) {
                  taken.add(pool.take(KeyType.EC_P256));
                }
                return taken;
              }));
    }
    start.countDown();
    Set<KeyPair> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    int total = 0;
    for (Future<List<KeyPair>> result : results) {
      List<KeyPair> taken = result.get(30, TimeUnit.SECONDS);
      total += taken.size();
      distinct.addAll(taken);
    }

    assertEquals(consumers * takesEach, total);
    assertEquals(total, distinct.size(), "no key handed out twice");
    assertTrue(source.generatedKeys().containsAll(distinct), "every key came from the source");
    assertEquals(
        total - 200, pool.misses(KeyType.EC_P256), "takes beyond the 200 pooled keys are misses");
    assertEquals(total, pool.generated(KeyType.EC_P256));
    assertEquals(total, pool.handedOut(KeyType.EC_P256));
    assertEquals(0, pool.available(KeyType.EC_P256));
  }

  @Test
  void anEmptyPoolGeneratesFreshAndCountsAMiss() {
    KeyPool pool = new KeyPool(KeySource.jca(), 4);
    KeyPair key = pool.take(KeyType.EC_P384);

    assertEquals(KeyType.EC_P384, KeyType.of(key.getPublic()));
    assertEquals(1, pool.misses(KeyType.EC_P384));
    assertEquals(1, pool.misses());
    assertEquals(0, pool.misses(KeyType.EC_P256));
    assertEquals(1, pool.handedOut());

    pool.fill(KeyType.EC_P384, 1);
    pool.take(KeyType.EC_P384);
    assertEquals(1, pool.misses(), "a pooled key is no miss");
    assertEquals(2, pool.handedOut(KeyType.EC_P384));
  }

  @Test
  void typesArePooledSeparately() {
    KeyPool pool = new KeyPool(KeySource.jca(), 4);
    pool.fill(KeyType.EC_P384, 2);

    assertEquals(KeyType.EC_P256, KeyType.of(pool.take(KeyType.EC_P256).getPublic()));
    assertEquals(1, pool.misses(KeyType.EC_P256));
    assertEquals(2, pool.available(KeyType.EC_P384));
  }

  @Test
  void fillStopsWhenThePoolIsFull() throws Exception {
    KeyPool pool = new KeyPool(KeySource.jca(), 8);
    assertEquals(8, pool.capacity());
    assertEquals(8, pool.fill(KeyType.EC_P256, 20));

    FillProgress more = pool.fillAsync(KeyType.EC_P256, 5, executor);
    assertEquals(0, more.completion().get(10, TimeUnit.SECONDS));
    assertTrue(more.isPoolFull());
    assertEquals(8, pool.generated(KeyType.EC_P256), "no key generated only to be dropped");
  }

  @Test
  void asyncFillOnSeveralTasksReachesItsTarget() throws Exception {
    KeyPool pool = new KeyPool(KeySource.jca(), 128);
    FillProgress progress = pool.fillAsync(KeyType.EC_P256, 100, executor, 3);

    assertEquals(100, progress.completion().get(30, TimeUnit.SECONDS));
    assertEquals(100, progress.added());
    assertEquals(100, pool.available(KeyType.EC_P256));
    assertFalse(progress.isCancelled() || progress.isPoolFull());
  }

  @Test
  void progressIsReadableWhileFillingAndCancelStopsIt() throws Exception {
    GatedKeySource gate = new GatedKeySource();
    KeyPool pool = new KeyPool(gate, 64);
    FillProgress progress = pool.fillAsync(KeyType.EC_P256, 50, executor);

    gate.allow(3);
    awaitCondition(() -> progress.added() == 3);
    assertFalse(progress.isDone());
    assertEquals(50, progress.target());

    progress.cancel();
    gate.allow(1); // the key already being waited for may still come in
    int added = progress.completion().get(10, TimeUnit.SECONDS);
    assertTrue(added == 3 || added == 4, "stopped after the key in progress: " + added);
    assertTrue(progress.isCancelled());
    assertEquals(added, pool.available(KeyType.EC_P256));
  }

  @Test
  void closeStopsBackgroundFillsButKeepsPooledKeys() throws Exception {
    GatedKeySource gate = new GatedKeySource();
    KeyPool pool = new KeyPool(gate, 64);
    FillProgress progress = pool.fillAsync(KeyType.EC_P256, 50, executor, 2);
    gate.allow(2);
    awaitCondition(() -> progress.added() == 2);

    pool.close();
    gate.allow(2);
    int added = progress.completion().get(10, TimeUnit.SECONDS);
    assertTrue(added >= 2 && added <= 4, "at most the keys in progress: " + added);

    FillProgress afterClose = pool.fillAsync(KeyType.EC_P256, 10, executor);
    assertEquals(0, afterClose.completion().get(10, TimeUnit.SECONDS));
    assertEquals(0, pool.fill(KeyType.EC_P256, 10));
    assertTrue(pool.take(KeyType.EC_P256) != null);
    assertEquals(0, pool.misses(), "pooled keys are still handed out after close");
  }

  @Test
  void aShutDownExecutorEndsTheFill() throws Exception {
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    KeyPool pool = new KeyPool(KeySource.jca(), 8);

    FillProgress progress = pool.fillAsync(KeyType.EC_P256, 5, stopped);

    assertEquals(0, progress.completion().get(1, TimeUnit.SECONDS));
    assertTrue(progress.isCancelled());
  }

  @Test
  void generationFailureFailsTheFill() {
    KeySource broken =
        type -> {
          throw new IllegalStateException("provider gone");
        };
    KeyPool pool = new KeyPool(broken, 8);

    IllegalStateException direct =
        assertThrows(IllegalStateException.class, () -> pool.fill(KeyType.RSA_2048, 3));
    assertEquals("provider gone", direct.getMessage());
    FillProgress progress = pool.fillAsync(KeyType.RSA_2048, 3, executor);
    ExecutionException async =
        assertThrows(
            ExecutionException.class, () -> progress.completion().get(10, TimeUnit.SECONDS));
    assertSame(IllegalStateException.class, async.getCause().getClass());
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException capacity =
        assertThrows(IllegalArgumentException.class, () -> new KeyPool(KeySource.jca(), 1));
    assertTrue(capacity.getMessage().contains("capacity"), capacity.getMessage());
    KeyPool pool = new KeyPool(KeySource.jca(), 4);
    assertThrows(IllegalArgumentException.class, () -> pool.fill(KeyType.EC_P256, -1));
    assertThrows(
        IllegalArgumentException.class, () -> pool.fillAsync(KeyType.EC_P256, 1, executor, 0));
    assertThrows(NullPointerException.class, () -> pool.take(null));
  }

  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      LockSupport.parkNanos(
          TimeUnit.MILLISECONDS.toNanos(1)); // poll politely: the machine is shared
    }
  }

  /** Remembers every key it generated. */
  private static final class RecordingKeySource implements KeySource {
    private final KeySource delegate;
    // KeyPair keeps Object's identity equality, so a concurrent hash set compares by identity.
    private final Set<KeyPair> generated = ConcurrentHashMap.newKeySet();

    RecordingKeySource(KeySource delegate) {
      this.delegate = delegate;
    }

    @Override
    public KeyPair generate(KeyType type) {
      KeyPair key = delegate.generate(type);
      generated.add(key);
      return key;
    }

    Set<KeyPair> generatedKeys() {
      return generated;
    }
  }

  /** Generates a key only when the test allows one, so progress can be observed step by step. */
  private static final class GatedKeySource implements KeySource {
    private final Semaphore permits = new Semaphore(0);

    void allow(int keys) {
      permits.release(keys);
    }

    @Override
    public KeyPair generate(KeyType type) {
      try {
        if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test never allowed this key");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return KeySource.jca().generate(type);
    }
  }
}
