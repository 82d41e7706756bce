package org.fwsim.hal.clock;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * A binary min-heap whose entries know their own position: add, poll, remove of any member and
 * re-sorting one member whose key changed are O(log n) with no search. Backs the {@link
 * Scheduler}'s timers and forticron's certificate deadlines.
 *
 * <p>Why not {@code java.util.PriorityQueue}: its {@code remove(Object)} is a linear search, and
 * both users move or cancel single deadlines all the time.
 *
 * <p>Not thread-safe. An entry belongs to at most one heap at a time.
 *
 * @param <T> the entries, ordered by the comparator given at construction; entries that compare
 *     equal leave in no defined order, so break ties in the comparator where order matters
 */
public final class IndexedHeap<T extends IndexedHeap.Entry> {

  /** What an {@link IndexedHeap} holds: an object that carries its own position in the heap. */
  public abstract static class Entry {

    /** Index in the heap, or -1 when in none. */
    int heapIndex = -1;

    /** Whether the entry is in a heap now. */
    public final boolean inHeap() {
      return heapIndex >= 0;
    }
  }

  private final Comparator<? super T> order;

  /** Above this capacity the array shrinks again once a burst of entries has left. */
  private final int shrinkAbove;

  private Entry[] entries;
  private int size;

  /**
   * An empty heap.
   *
   * @param order smallest first
   * @param initialCapacity the array's first size (it doubles as needed)
   */
  public IndexedHeap(Comparator<? super T> order, int initialCapacity) {
    this.order = Objects.requireNonNull(order, "order");
    this.entries = new Entry[Math.max(2, initialCapacity)];
    this.shrinkAbove = Math.max(64, 16 * initialCapacity);
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The smallest entry, or null when empty. */
  public T peek() {
    return size == 0 ? null : at(0);
  }

  /**
   * Adds an entry that is in no heap.
   *
   * @throws IllegalArgumentException when the entry is in a heap already
   */
  public void add(T entry) {
    if (entry.heapIndex >= 0) {
      throw new IllegalArgumentException("already in a heap: " + entry);
    }
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2);
    }
    entries[size] = entry;
    entry.heapIndex = size;
    size++;
    siftUp(entry.heapIndex);
  }

  /** Takes the smallest entry out; null when empty. */
  public T poll() {
    if (size == 0) {
      return null;
    }
    T first = at(0);
    removeAt(0);
    return first;
  }

  /** Takes the entry out; returns false when it was not in this heap. */
  public boolean remove(T entry) {
    if (!contains(entry)) {
      return false;
    }
    removeAt(entry.heapIndex);
    return true;
  }

  /** Whether the entry is in this heap. */
  public boolean contains(T entry) {
    int i = entry.heapIndex;
    return i >= 0 && i < size && entries[i] == entry;
  }

  /**
   * Moves an entry whose key changed to where it now belongs; adds it when it is in no heap.
   *
   * @throws IllegalArgumentException when the entry is in another heap
   */
  public void update(T entry) {
    if (entry.heapIndex < 0) {
      add(entry);
      return;
    }
    if (!contains(entry)) {
      throw new IllegalArgumentException("in another heap: " + entry);
    }
    int i = entry.heapIndex;
    siftUp(i);
    if (entries[i] == entry) {
      siftDown(i);
    }
  }

  /** Takes every entry out. */
  public void clear() {
    for (int i = 0; i < size; i++) {
      entries[i].heapIndex = -1;
    }
    Arrays.fill(entries, 0, size, null);
    size = 0;
  }

  private void removeAt(int i) {
    Entry removed = entries[i];
    removed.heapIndex = -1;
    size--;
    if (i == size) {
      entries[size] = null;
    } else {
      Entry last = entries[size];
      entries[size] = null;
      entries[i] = last;
      last.heapIndex = i;
      siftDown(i);
      if (entries[i] == last) {
        siftUp(i);
      }
    }
    // Give back the memory of a storm's worth of entries once it has passed.
    if (entries.length > shrinkAbove && size < entries.length / 4) {
      entries = Arrays.copyOf(entries, entries.length / 2);
    }
  }

  private void siftUp(int i) {
    T moving = at(i);
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      T p = at(parent);
      if (order.compare(moving, p) >= 0) {
        break;
      }
      place(p, i);
      i = parent;
    }
    place(moving, i);
  }

  private void siftDown(int i) {
    T moving = at(i);
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && order.compare(at(right), at(child)) < 0) {
        child = right;
      }
      T c = at(child);
      if (order.compare(c, moving) >= 0) {
        break;
      }
      place(c, i);
      i = child;
    }
    place(moving, i);
  }

  private void place(Entry e, int i) {
    entries[i] = e;
    e.heapIndex = i;
  }

  @SuppressWarnings("unchecked") // only T is ever stored
  private T at(int i) {
    return (T) entries[i];
  }
}
