package org.fwsim.firmware.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A thread-safe {@link DebugSink} for tests that keeps every line. */
public final class ListSink implements DebugSink {
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

  @Override
  public void println(String line) {
    lines.add(line);
  }

  public List<String> lines() {
    return new ArrayList<>(lines);
  }

  public void clear() {
    lines.clear();
  }
}
