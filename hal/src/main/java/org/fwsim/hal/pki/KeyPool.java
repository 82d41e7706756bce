package org.fwsim.hal.pki;

import java.security.KeyPair;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jctools.queues.MpmcArrayQueue;

/**
 * Keys generated ahead, so that a renewal storm measures enrollment rather than key generation. One
 * lock-free queue per key type; {@link #take} hands each pooled key out exactly once, and falls
 * back to generating a fresh key (counted as a miss) when the pool of that type is empty.
 *
 * <p>Filling runs on the caller's thread ({@link #fill}) or as tasks on an executor owned by the
 * caller, normally the hypervisor's ({@link #fillAsync}). Each task generates one key and then
 * resubmits itself, so a long fill never holds an executor thread for long and other work
 * interleaves. {@link #close} stops every fill after the key in progress. Safe for any number of
 * threads.
 */
public final class KeyPool implements AutoCloseable {

  private final KeySource source;
  private final Slot[] slots = new Slot[KeyType.values().length];
  private final Set<FillProgress> fills = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param source where keys come from, ahead of time and on a miss
   * @param capacityPerType the most keys held per type (rounded up to a power of two); the queues
   *     are allocated up front
   */
  public KeyPool(KeySource source, int capacityPerType) {
    this.source = Objects.requireNonNull(source, "key source");
    if (capacityPerType < 2) {
      throw new IllegalArgumentException(
          "key pool capacity must be at least 2 per key type, not " + capacityPerType);
    }
    for (KeyType type : KeyType.values()) {
      slots[type.ordinal()] = new Slot(capacityPerType);
    }
  }

  /**
   * A key pair never handed out before: a pooled one if there is one, otherwise a freshly generated
   * one (a miss, which costs the caller the generation time).
   */
  public KeyPair take(KeyType type) {
    Slot slot = slot(type);
    KeyPair key = slot.queue.poll();
    if (key == null) {
      slot.misses.increment();
      key = source.generate(type);
      slot.generated.increment();
    }
    slot.handedOut.increment();
    return key;
  }

  /**
   * Generates up to {@code count} keys into the pool on the calling thread.
   *
   * @return how many were added: fewer than {@code count} if the pool filled up or was closed
   */
  public int fill(KeyType type, int count) {
    FillProgress progress = start(type, count, 1);
    try {
      while (progress.step()) {
        // one key per step, until done, full, cancelled or closed
      }
    } finally {
      progress.workerDone();
    }
    if (progress.failure() != null) {
      throw progress.failure();
    }
    return progress.added();
  }

  /** {@link #fillAsync(KeyType, int, Executor, int)} with one task at a time. */
  public FillProgress fillAsync(KeyType type, int count, Executor executor) {
    return fillAsync(type, count, executor, 1);
  }

  /**
   * Generates up to {@code count} keys into the pool in the background, as tasks on {@code
   * executor}, with at most {@code parallelism} of them queued or running at once.
   *
   * @return the progress, readable while filling, and completing when the fill ends
   */
  public FillProgress fillAsync(KeyType type, int count, Executor executor, int parallelism) {
    Objects.requireNonNull(executor, "executor");
    if (parallelism < 1) {
      throw new IllegalArgumentException("fill parallelism must be at least 1, not " + parallelism);
    }
    FillProgress progress = start(type, count, parallelism);
    for (int i = 0; i < parallelism; i++) {
      progress.submitStep(executor);
    }
    return progress;
  }

  /**
   * Adds a key made elsewhere (a key store kept between runs) for {@link #take} to hand out; it
   * counts as neither generated nor a miss. The caller vouches that it was never handed out in this
   * process and is ready for use (see {@link KeySource#warmUp}).
   *
   * @return false when the pool of that type is full (the key is not kept)
   */
  public boolean offer(KeyType type, KeyPair key) {
    Objects.requireNonNull(key, "key");
    Slot slot = slot(type);
    if (KeyType.of(key.getPublic()) != type) {
      throw new IllegalArgumentException("a " + KeyType.of(key.getPublic()) + " key is no " + type);
    }
    return slot.queue.offer(key);
  }

  /** Keys of that type waiting in the pool now. */
  public int available(KeyType type) {
    return slot(type).queue.size();
  }

  /** The most keys the pool holds per type. */
  public int capacity() {
    return slots[0].queue.capacity();
  }

  /** One counter summed over every key type. */
  private long total(Function<Slot, LongAdder> counter) {
    long sum = 0;
    for (Slot slot : slots) {
      sum += counter.apply(slot).sum();
    }
    return sum;
  }

  /** Keys of that type generated by this pool, ahead of time or on a miss. */
  public long generated(KeyType type) {
    return slot(type).generated.sum();
  }

  public long generated() {
    return total(slot -> slot.generated);
  }

  /** Keys of that type returned by {@link #take}, pooled or fresh. */
  public long handedOut(KeyType type) {
    return slot(type).handedOut.sum();
  }

  public long handedOut() {
    return total(slot -> slot.handedOut);
  }

  /** Calls of {@link #take} for that type that found the pool empty and generated a key. */
  public long misses(KeyType type) {
    return slot(type).misses.sum();
  }

  public long misses() {
    return total(slot -> slot.misses);
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops all filling: running fills end after the key in progress, queued fill tasks end without
   * generating, and new fills add nothing. Keys already pooled can still be taken.
   */
  @Override
  public void close() {
    closed = true;
    for (FillProgress fill : fills) {
      fill.cancel();
    }
  }

  private FillProgress start(KeyType type, int count, int workers) {
    Objects.requireNonNull(type, "key type");
    if (count < 0) {
      throw new IllegalArgumentException("cannot fill a negative number of keys: " + count);
    }
    FillProgress progress = new FillProgress(this, type, count, workers);
    fills.add(progress);
    if (closed) {
      progress.cancel();
    }
    return progress;
  }

  /** Generates one key into the pool; false if it could not be added because the pool is full. */
  boolean generateInto(KeyType type) {
    Slot slot = slot(type);
    if (slot.queue.size() >= slot.queue.capacity()) {
      return false;
    }
    KeyPair key = source.generate(type);
    slot.generated.increment();
    // A concurrent fill may have taken the last place since the check; the key is then dropped.
    return slot.queue.offer(key);
  }

  void finished(FillProgress progress) {
    fills.remove(progress);
  }

  private Slot slot(KeyType type) {
    return slots[Objects.requireNonNull(type, "key type").ordinal()];
  }

  /** The queue and counters of one key type. */
  private static final class Slot {
    final MpmcArrayQueue<KeyPair> queue;
    final LongAdder generated = new LongAdder();
    final LongAdder handedOut = new LongAdder();
    final LongAdder misses = new LongAdder();

    Slot(int capacity) {
      queue = new MpmcArrayQueue<>(capacity);
    }
  }
}
