package org.fwsim.hal.clock;

import java.util.Arrays;

/**
 * An indexed binary min-heap of timers: add, poll and remove of any member in O(log n). Not
 * thread-safe; the {@link Scheduler} guards it.
 */
final class TimerHeap {

  private Timer[] timers = new Timer[64];
  private int size;

  int size() {
    return size;
  }

  Timer peek() {
    return size == 0 ? null : timers[0];
  }

  void add(Timer timer) {
    if (size == timers.length) {
      timers = Arrays.copyOf(timers, size * 2);
    }
    timers[size] = timer;
    timer.index = size;
    size++;
    siftUp(timer.index);
  }

  Timer poll() {
    if (size == 0) {
      return null;
    }
    Timer first = timers[0];
    removeAt(0);
    return first;
  }

  boolean remove(Timer timer) {
    int i = timer.index;
    if (i < 0 || i >= size || timers[i] != timer) {
      return false;
    }
    removeAt(i);
    return true;
  }

  private void removeAt(int i) {
    Timer removed = timers[i];
    removed.index = -1;
    size--;
    if (i == size) {
      timers[size] = null;
    } else {
      Timer last = timers[size];
      timers[size] = null;
      timers[i] = last;
      last.index = i;
      siftDown(i);
      if (timers[i] == last) {
        siftUp(i);
      }
    }
    // Give back the memory of a storm's worth of timers once it has passed.
    if (timers.length > 1024 && size < timers.length / 4) {
      timers = Arrays.copyOf(timers, timers.length / 2);
    }
  }

  private void siftUp(int i) {
    Timer moving = timers[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Timer p = timers[parent];
      if (!moving.firesBefore(p)) {
        break;
      }
      timers[i] = p;
      p.index = i;
      i = parent;
    }
    timers[i] = moving;
    moving.index = i;
  }

  private void siftDown(int i) {
    Timer moving = timers[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && timers[right].firesBefore(timers[child])) {
        child = right;
      }
      Timer c = timers[child];
      if (!c.firesBefore(moving)) {
        break;
      }
      timers[i] = c;
      c.index = i;
      i = child;
    }
    timers[i] = moving;
    moving.index = i;
  }
}
