package org.fwsim.testbench.shard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of one sharded run, shared by its shards without talking to each other: given with
 * {@code --run-id}, or derived from what every shard of the run is given alike (the storm instant
 * and the fleet's parameters), so that {@code report merge} can tell shards of another run.
 */
public final class RunId {

  private RunId() {}

  /**
   * {@code given} when there is one, else 16 hex digits of a SHA-256 over the storm instant (or
   * {@code none}) and the fleet parameters in name order.
   */
  public static String of(String given, Instant stormAt, Map<String, String> fleet) {
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    StringBuilder s = new StringBuilder("storm-at=").append(stormAt == null ? "none" : stormAt);
    new TreeMap<>(fleet).forEach((k, v) -> s.append('\n').append(k).append('=').append(v));
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
