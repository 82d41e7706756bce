package org.fwsim.hal.net;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out host loopback addresses from 127.1.0.1 upward, one per (owner, simulated address),
 * skipping host bytes .0 and .255 and never touching 127.0.0.0/16 (so never 127.0.0.1). The same
 * key always gets the same address. Thread-safe without locks held by callers.
 */
final class LoopbackAllocator {

  private static final int FIRST_BLOCK = Ip4.of(127, 1, 0, 0) >>> 8; // 127.1.0.x
  private static final int BLOCKS = (Ip4.of(127, 255, 255, 0) >>> 8) - FIRST_BLOCK + 1;
  private static final int HOSTS_PER_BLOCK = 254; // .1 .. .254
  static final long CAPACITY = (long) BLOCKS * HOSTS_PER_BLOCK;

  private final int baseOffset;
  private final AtomicInteger next = new AtomicInteger();
  private final ConcurrentHashMap<Long, Underlay.Binding> byKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Underlay.Binding> byHost = new ConcurrentHashMap<>();

  LoopbackAllocator(int baseOffset) {
    if (baseOffset < 0 || baseOffset >= CAPACITY) {
      throw new IllegalArgumentException(
          "loopback base offset " + baseOffset + " is outside 0.." + (CAPACITY - 1));
    }
    this.baseOffset = baseOffset;
  }

  int hostAddressOf(int owner, int simAddress) {
    long key = (long) owner << 32 | (simAddress & 0xffffffffL);
    return byKey
        .computeIfAbsent(
            key,
            k -> {
              Underlay.Binding b =
                  new Underlay.Binding(
                      owner, simAddress, addressAt((long) baseOffset + next.getAndIncrement()));
              byHost.put(b.hostAddress(), b);
              return b;
            })
        .hostAddress();
  }

  Optional<Underlay.Binding> bindingOf(int hostAddress) {
    return Optional.ofNullable(byHost.get(hostAddress));
  }

  int size() {
    return byKey.size();
  }

  static int addressAt(long index) {
    if (index >= CAPACITY) {
      throw new IllegalStateException(
          "loopback underlay exhausted: "
              + CAPACITY
              + " host addresses in 127.1.0.0-127.255.255.255 are all allocated");
    }
    int block = FIRST_BLOCK + (int) (index / HOSTS_PER_BLOCK);
    return block << 8 | (int) (index % HOSTS_PER_BLOCK) + 1;
  }
}
