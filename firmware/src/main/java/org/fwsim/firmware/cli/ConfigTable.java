package org.fwsim.firmware.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The entries of one table ({@code config router static}), keyed by name or number and kept in the
 * order they were created, which is the order {@code show} prints them in.
 */
public final class ConfigTable {
  private final NodeSchema schema;
  private LinkedHashMap<String, ConfigObject> entries;

  ConfigTable(NodeSchema schema) {
    this.schema = schema;
  }

  public NodeSchema schema() {
    return schema;
  }

  public ConfigObject get(String key) {
    return entries == null ? null : entries.get(key);
  }

  public List<String> keys() {
    return entries == null ? List.of() : List.copyOf(entries.keySet());
  }

  public Collection<ConfigObject> entries() {
    return entries == null ? List.of() : entries.values();
  }

  public boolean isEmpty() {
    return entries == null || entries.isEmpty();
  }

  public int size() {
    return entries == null ? 0 : entries.size();
  }

  void put(String key, ConfigObject entry) {
    if (entries == null) {
      entries = new LinkedHashMap<>(4);
    }
    entries.put(key, entry);
  }

  ConfigObject remove(String key) {
    return entries == null ? null : entries.remove(key);
  }

  void clear() {
    entries = null;
  }

  /** Renames an entry in place, keeping its position. */
  void rename(String from, String to) {
    LinkedHashMap<String, ConfigObject> out = new LinkedHashMap<>();
    for (var e : entries.entrySet()) {
      out.put(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
    }
    entries = out;
  }

  /** Next free number for {@code edit 0}: one more than the highest key in use. */
  String nextKey() {
    long max = 0;
    for (String k : keys()) {
      max = Math.max(max, Long.parseLong(k));
    }
    return Long.toString(max + 1);
  }

  ConfigTable copy() {
    ConfigTable t = new ConfigTable(schema);
    if (entries != null) {
      t.entries = new LinkedHashMap<>();
      for (var e : entries.entrySet()) {
        t.entries.put(e.getKey(), e.getValue().copy());
      }
    }
    return t;
  }
}
