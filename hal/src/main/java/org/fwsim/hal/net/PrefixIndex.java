package org.fwsim.hal.net;

import java.util.Map;

/**
 * Longest-prefix-match index built once per published snapshot: one open-addressing hash table per
 * prefix length present, probed from the longest length down. A lookup costs at most one probe per
 * distinct length (at most 33), independent of the number of routes.
 *
 * <p>Large tables also get a length filter: for each value of the top {@value #FILTER_BITS} address
 * bits, a bit set of the prefix lengths that have a prefix there, so a lookup probes only lengths
 * that can match. It costs 32 KiB, so small tables (the common appliance) go without.
 */
final class PrefixIndex {

  static final int FILTER_BITS = 12;

  /** Tables with at least this many prefixes get the length filter. */
  static final int FILTER_THRESHOLD = 128;

  private final int[] tableOfLength = new int[33]; // length -> table index
  private final long allLengths; // bit L set if some prefix has length L
  private final long[] filter; // null for small tables
  private final int[] masks; // per probed length, longest first
  private final int[][] keys; // network addresses, per length
  private final Route[][][] values; // the ECMP group per slot, null = empty slot

  PrefixIndex(Map<Ip4Prefix, Route[]> groups) {
    int[] counts = new int[33];
    for (Ip4Prefix p : groups.keySet()) {
      counts[p.length()]++;
    }
    int present = 0;
    for (int c : counts) {
      present += c > 0 ? 1 : 0;
    }
    masks = new int[present];
    keys = new int[present][];
    values = new Route[present][][];
    int[] slotOfLength = tableOfLength;
    int i = 0;
    for (int length = 32; length >= 0; length--) {
      if (counts[length] > 0) {
        int capacity = Integer.highestOneBit(Math.max(2, counts[length] * 2 - 1)) << 1;
        masks[i] = Ip4.mask(length);
        keys[i] = new int[capacity];
        values[i] = new Route[capacity][];
        slotOfLength[length] = i++;
      }
    }
    long lengthsPresent = 0;
    for (int length = 0; length <= 32; length++) {
      lengthsPresent |= counts[length] > 0 ? 1L << length : 0;
    }
    allLengths = lengthsPresent;
    filter = groups.size() >= FILTER_THRESHOLD ? new long[1 << FILTER_BITS] : null;
    for (Map.Entry<Ip4Prefix, Route[]> e : groups.entrySet()) {
      if (filter != null) {
        markLength(e.getKey());
      }
      int t = slotOfLength[e.getKey().length()];
      int key = e.getKey().network();
      int m = keys[t].length - 1;
      int slot = Ip4.mix(key) & m;
      while (values[t][slot] != null) {
        slot = (slot + 1) & m;
      }
      keys[t][slot] = key;
      values[t][slot] = e.getValue();
    }
  }

  private void markLength(Ip4Prefix p) {
    int first = p.network() >>> (32 - FILTER_BITS);
    int span = p.length() >= FILTER_BITS ? 1 : 1 << (FILTER_BITS - p.length());
    for (int b = first; b < first + span; b++) {
      filter[b] |= 1L << p.length();
    }
  }

  /** The ECMP group of the longest prefix containing {@code dst}, or null. */
  Route[] find(int dst) {
    long lengths = filter == null ? allLengths : filter[dst >>> (32 - FILTER_BITS)];
    while (lengths != 0) {
      int length = 63 - Long.numberOfLeadingZeros(lengths);
      lengths &= ~(1L << length);
      int t = tableOfLength[length];
      int key = dst & masks[t];
      int[] k = keys[t];
      Route[][] v = values[t];
      int m = k.length - 1;
      int slot = Ip4.mix(key) & m;
      Route[] group;
      while ((group = v[slot]) != null) {
        if (k[slot] == key) {
          return group;
        }
        slot = (slot + 1) & m;
      }
    }
    return null;
  }
}
