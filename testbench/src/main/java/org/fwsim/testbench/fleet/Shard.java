package org.fwsim.testbench.fleet;

import org.fwsim.testbench.cli.ParsingConverter;

/**
 * One shard of a fleet split over processes ({@code --shard i/n}): it runs the devices whose index
 * is congruent to {@code index} modulo {@code count}. Shard {@code 0/1} is the whole fleet.
 */
public record Shard(int index, int count) {

  /** The whole fleet in one process. */
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index must be in 0.." + (count - 1) + ", got " + index);
    }
  }

  /** Parses {@code i/n}, e.g. {@code 2/8}; a clear error names anything else. */
  public static Shard parse(String text) {
    String t = text == null ? "" : text.trim();
    int slash = t.indexOf('/');
    if (slash <= 0 || slash == t.length() - 1) {
      throw new IllegalArgumentException("--shard wants i/n (e.g. 0/4), got '" + text + "'");
    }
    try {
      return new Shard(
          Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--shard wants i/n with whole numbers, got '" + text + "'", e);
    }
  }

  /** Reads {@code --shard i/n}. */
  public static final class Converter extends ParsingConverter<Shard> {
    public Converter() {
      super(Shard::parse);
    }
  }

  /** True when the device with this fleet-wide index belongs to this shard. */
  public boolean selects(int deviceIndex) {
    return deviceIndex % count == index;
  }

  /** How many of {@code devices} fleet-wide devices this shard runs. */
  public int sizeOf(int devices) {
    return devices <= index ? 0 : (devices - index + count - 1) / count;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
