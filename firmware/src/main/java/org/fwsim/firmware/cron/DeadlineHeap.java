package org.fwsim.firmware.cron;

import java.util.Arrays;

/**
 * The certificates of one appliance ordered by their next deadline: a binary min-heap whose entries
 * know their own index, so moving one deadline is O(log n) with no search.
 *
 * <p>Why not {@code java.util.PriorityQueue}: its {@code remove(Object)} is a linear search, and
 * every renewal outcome moves one certificate's deadline.
 */
final class DeadlineHeap {

  private ScheduledCert[] items = new ScheduledCert[4];
  private int size;

  int size() {
    return size;
  }

  ScheduledCert peek() {
    return size == 0 ? null : items[0];
  }

  /** Puts {@code c} where its {@code due} belongs; takes it out if due is NEVER. */
  void reposition(ScheduledCert c) {
    if (c.due == ScheduledCert.NEVER) {
      remove(c);
    } else if (c.heapIndex < 0) {
      add(c);
    } else {
      siftUp(c.heapIndex);
      siftDown(c.heapIndex);
    }
  }

  ScheduledCert poll() {
    if (size == 0) {
      return null;
    }
    ScheduledCert head = items[0];
    removeAt(0);
    return head;
  }

  void remove(ScheduledCert c) {
    if (c.heapIndex >= 0) {
      removeAt(c.heapIndex);
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      items[i].heapIndex = -1;
    }
    Arrays.fill(items, 0, size, null);
    size = 0;
  }

  private void add(ScheduledCert c) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size] = c;
    c.heapIndex = size;
    siftUp(size++);
  }

  private void removeAt(int i) {
    ScheduledCert gone = items[i];
    gone.heapIndex = -1;
    int last = --size;
    if (i != last) {
      ScheduledCert moved = items[last];
      items[i] = moved;
      moved.heapIndex = i;
      items[last] = null;
      siftUp(i);
      siftDown(moved.heapIndex);
    } else {
      items[last] = null;
    }
    if (items.length > 64 && size < items.length / 4) {
      items = Arrays.copyOf(items, items.length / 2);
    }
  }

  private void siftUp(int i) {
    ScheduledCert c = items[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(c, items[parent])) {
        break;
      }
      place(items[parent], i);
      i = parent;
    }
    place(c, i);
  }

  private void siftDown(int i) {
    ScheduledCert c = items[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(items[right], items[child])) {
        child = right;
      }
      if (!before(items[child], c)) {
        break;
      }
      place(items[child], i);
      i = child;
    }
    place(c, i);
  }

  private void place(ScheduledCert c, int i) {
    items[i] = c;
    c.heapIndex = i;
  }

  private static boolean before(ScheduledCert a, ScheduledCert b) {
    return a.due != b.due ? a.due < b.due : a.order < b.order;
  }
}
