package org.fwsim.firmware.log;

import java.util.ArrayList;
import java.util.List;

/**
 * An appliance's in-memory event log: bounded, newest first, appended by the appliance's own thread
 * and read by anyone.
 *
 * <p>Entries are kept as an immutable linked list behind a volatile head, so a reader (the console,
 * a report) gets a consistent view without locks and an idle appliance holds nothing but two
 * fields. One writer at a time by contract: the appliance thread.
 */
public final class EventLog {

  private static final int DEFAULT_CAPACITY = 512;

  private final int capacity;
  private volatile Node head;

  public EventLog() {
    this(DEFAULT_CAPACITY);
  }

  public EventLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("event log capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Appends one entry; the oldest entries beyond the capacity are dropped. */
  public void append(LogEntry entry) {
    Node h = head;
    int size = h == null ? 1 : h.size + 1;
    Node n = new Node(entry, h, size);
    // Trimming rebuilds `capacity` nodes; doing it only at twice the capacity keeps appends O(1)
    // amortised while memory stays bounded.
    head = size > 2 * capacity ? n.take(capacity) : n;
  }

  /** Newest first, at most {@link #capacity()} entries. */
  public List<LogEntry> entries() {
    List<LogEntry> out = new ArrayList<>();
    for (Node n = head; n != null && out.size() < capacity; n = n.next) {
      out.add(n.entry);
    }
    return out;
  }

  public int capacity() {
    return capacity;
  }

  /** Forgets every entry (FortiOS `execute log delete`). */
  public void clear() {
    head = null;
  }

  private record Node(LogEntry entry, Node next, int size) {
    Node take(int count) {
      List<LogEntry> kept = new ArrayList<>(count);
      for (Node n = this; n != null && kept.size() < count; n = n.next) {
        kept.add(n.entry);
      }
      Node rebuilt = null;
      for (int i = kept.size() - 1; i >= 0; i--) {
        rebuilt = new Node(kept.get(i), rebuilt, kept.size() - i);
      }
      return rebuilt;
    }
  }
}
