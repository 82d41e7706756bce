package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.config.ApplianceConfig;

/**
 * One appliance's configuration: the global scope and one scope per VDOM, each a {@link
 * ConfigObject} over the shared {@link FortiSchema#ROOT}. Global-scope tables live in the global
 * object, VDOM-scope tables in each VDOM's object (in no-vdom mode, in {@code root}).
 *
 * <p>Owned by one thread (the appliance's). After each commit it republishes an immutable {@link
 * ApplianceConfig} through a volatile field, readable from any thread, and tells listeners.
 */
public final class ConfigTree {
  /** The VDOM that always exists. */
  public static final String ROOT_VDOM = "root";

  private final ConfigObject global = new ConfigObject(FortiSchema.ROOT);
  private final LinkedHashMap<String, ConfigObject> vdoms = new LinkedHashMap<>();
  private final List<ConfigListener> listeners = new ArrayList<>(1);
  private volatile ApplianceConfig view;
  private int batchDepth;
  private boolean batchDirty;

  public ConfigTree() {
    vdoms.put(ROOT_VDOM, new ConfigObject(FortiSchema.ROOT));
    view = TypedViews.of(this);
  }

  /** The latest committed configuration, typed and immutable; safe from any thread. */
  public ApplianceConfig view() {
    return view;
  }

  public void addListener(ConfigListener l) {
    listeners.add(l);
  }

  public void removeListener(ConfigListener l) {
    listeners.remove(l);
  }

  /** Global scope root. */
  public ConfigObject global() {
    return global;
  }

  /** A VDOM's scope root, or null when the VDOM does not exist. */
  public ConfigObject vdom(String name) {
    return vdoms.get(name);
  }

  public List<String> vdomNames() {
    return List.copyOf(vdoms.keySet());
  }

  public boolean multiVdom() {
    return global.singleton("system global").text("vdom-mode").equals("multi-vdom");
  }

  public String hostname() {
    return global.singleton("system global").text("hostname");
  }

  /** Whether every VDOM a VDOM reference names (one, or a list) exists. */
  private boolean vdomsExist(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().allMatch(v -> vdom((String) v) != null);
    }
    return vdom((String) value) != null;
  }

  /** The scope root holding a top-level node for a VDOM (global nodes ignore the VDOM). */
  ConfigObject scopeOf(NodeSchema top, String vdomName) {
    return top.scope() == NodeSchema.Scope.GLOBAL ? global : vdoms.get(vdomName);
  }

  Map<String, ConfigObject> vdomMap() {
    return vdoms;
  }

  void createVdom(String name) {
    vdoms.put(name, new ConfigObject(FortiSchema.ROOT));
    committed(null, "vdom");
  }

  void deleteVdom(String name) {
    vdoms.remove(name);
    committed(null, "vdom");
  }

  /** The schema of the top-level table at {@code path}; throws when there is none. */
  private static NodeSchema tableSchema(String path) {
    NodeSchema top = FortiSchema.ROOT.child(path);
    if (top == null || !top.isTable()) {
      throw new IllegalArgumentException("no table " + path);
    }
    return top;
  }

  /** The entries of table {@code top} in that VDOM (or global); throws when the VDOM is unknown. */
  private ConfigTable table(NodeSchema top, String vdomName) {
    ConfigObject scope = scopeOf(top, vdomName);
    if (scope == null) {
      throw new IllegalArgumentException("no VDOM " + vdomName);
    }
    return (ConfigTable) scope.child(top);
  }

  /**
   * Firmware write path for values the CLI may not set ({@code state}, a renewed {@code
   * certificate}): sets canonical values on an existing table entry and publishes.
   *
   * @throws IllegalArgumentException when the VDOM, table, entry or an attribute is unknown
   */
  public void updateEntry(String vdomName, String path, String key, Map<String, String> values) {
    NodeSchema top = tableSchema(path);
    ConfigObject entry = table(top, vdomName).get(key);
    if (entry == null) {
      throw new IllegalArgumentException("no entry " + key + " in " + path);
    }
    setCanonical(top, entry, values, path);
    ApplianceConfig next =
        batchDepth > 0 || top.scope() != NodeSchema.Scope.VDOM
            ? null
            : TypedViews.withEntry(view, vdomName, path, key, entry);
    if (next == null) {
      committed(top.scope() == NodeSchema.Scope.GLOBAL ? null : vdomName, path, key);
    } else {
      publish(next, vdomName, path);
    }
  }

  /**
   * Firmware write path for a new table entry, checked as if typed: {@code edit <key>}, then {@code
   * set <name> <value>} for each value in order (parsed by the attribute's type, so a password is
   * concealed), then {@code next} (the table's validator); publishes once.
   *
   * @param values attribute names and their text as one CLI word, unquoted
   * @throws IllegalArgumentException when the VDOM or table is unknown, the entry exists, or a
   *     value or the entry is refused (with the CLI's message); nothing changed then
   */
  public void createEntry(String vdomName, String path, String key, Map<String, String> values) {
    NodeSchema top = tableSchema(path);
    ConfigTable table = table(top, vdomName);
    String canonical;
    ConfigObject staged = new ConfigObject(top);
    try {
      canonical = top.keyType().parse(List.of(key));
      if (table.get(canonical) != null) {
        throw new IllegalArgumentException(path + " " + key + " already exists");
      }
      for (Attribute a : top.attributes()) {
        if (a.setOnCreate()) {
          staged.set(a, a.defaultValue());
        }
      }
      for (var e : values.entrySet()) {
        Attribute a = top.attribute(e.getKey());
        if (a == null || a.readOnly()) {
          throw CliException.parse(e.getKey());
        }
        Object v = a.parse(List.of(e.getValue()));
        if (a.ref() == Attribute.Ref.VDOM && !vdomsExist(v)) {
          throw CliException.value(e.getValue());
        }
        staged.set(a, v);
      }
    } catch (CliException e) {
      throw new IllegalArgumentException(
          "cannot create " + path + " " + key + ": " + e.getMessage().strip(), e);
    }
    String reason = top.validator().check(staged);
    if (reason != null) {
      throw new IllegalArgumentException(
          "cannot create " + path + " " + key + ": node_check_object fail! for " + reason);
    }
    table.put(canonical, staged);
    committed(top.scope() == NodeSchema.Scope.GLOBAL ? null : vdomName, path, canonical);
  }

  /**
   * Firmware write path for an entry of a table inside a global singleton ({@code system acme}'s
   * {@code accounts}): creates the entry when new, sets canonical values and publishes.
   *
   * @throws IllegalArgumentException when the path, table or an attribute is unknown
   */
  public void putNestedEntry(String path, String table, String key, Map<String, String> values) {
    NodeSchema top = FortiSchema.ROOT.child(path);
    NodeSchema inner = top == null ? null : top.child(table);
    if (inner == null || !inner.isTable() || top.scope() != NodeSchema.Scope.GLOBAL) {
      throw new IllegalArgumentException("no table " + table + " in global " + path);
    }
    ConfigTable entries = (ConfigTable) ((ConfigObject) global.child(top)).child(inner);
    ConfigObject entry = entries.get(key);
    if (entry == null) {
      entry = new ConfigObject(inner);
      setCanonical(inner, entry, values, table);
      entries.put(key, entry);
    } else {
      setCanonical(inner, entry, values, table);
    }
    committed(null, path);
  }

  /** Sets canonical single values; every name is checked first, so a refusal changes nothing. */
  private static void setCanonical(
      NodeSchema schema, ConfigObject entry, Map<String, String> values, String where) {
    for (String name : values.keySet()) {
      Attribute a = schema.attribute(name);
      if (a == null || a.multi()) {
        throw new IllegalArgumentException("no single-valued attribute " + name + " in " + where);
      }
    }
    values.forEach((name, value) -> entry.set(schema.attribute(name), value));
  }

  /** Defers publication until the outermost batch ends (used while loading a file). */
  void beginBatch() {
    batchDepth++;
  }

  void endBatch() {
    if (--batchDepth == 0 && batchDirty) {
      batchDirty = false;
      publish(TypedViews.of(this), null, "");
    }
  }

  void committed(String vdomName, String path) {
    committed(vdomName, path, null);
  }

  /**
   * Publishes a commit to the top-level table {@code path}: only what it changed is read again
   * ({@link TypedViews#after}). Rebuilding the whole view at each certificate write-back was a
   * twentieth of an appliance's CPU in a renewal storm, and at each single-entry commit it made a
   * script of N commits quadratic.
   *
   * @param key the one entry of {@code path} that was edited, created or deleted; null when more of
   *     the table may have changed
   */
  void committed(String vdomName, String path, String key) {
    if (batchDepth > 0) {
      batchDirty = true;
      return;
    }
    publish(TypedViews.after(view, this, vdomName, path, key), vdomName, path);
  }

  /** Makes {@code next} the view in force and tells the listeners what changed. */
  private void publish(ApplianceConfig next, String vdomName, String path) {
    view = next;
    for (ConfigListener l : List.copyOf(listeners)) {
      l.configChanged(new ConfigChange(vdomName, path));
    }
  }
}
