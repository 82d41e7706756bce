package org.fwsim.testbench.bench;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.KeyType;

/**
 * The hypervisor's key source for a storm that keeps its keys: generates as {@link KeySource#jca()}
 * does and remembers each new key until {@link #drain} hands it to the key store. Safe for any
 * number of threads.
 */
final class RecordingKeySource implements KeySource {

  private record Made(KeyType type, KeyPair key) {}

  private final KeySource source;
  private final Queue<Made> made = new ConcurrentLinkedQueue<>();

  RecordingKeySource(KeySource source) {
    this.source = source;
  }

  @Override
  public KeyPair generate(KeyType type) {
    KeyPair key = source.generate(type);
    made.add(new Made(type, key));
    return key;
  }

  /** The keys of that type made since the last drain; others stay for their own drain. */
  List<KeyPair> drain(KeyType type) {
    List<KeyPair> keys = new ArrayList<>();
    List<Made> others = new ArrayList<>();
    for (Made m; (m = made.poll()) != null; ) {
      if (m.type() == type) {
        keys.add(m.key());
      } else {
        others.add(m);
      }
    }
    made.addAll(others);
    return keys;
  }
}
