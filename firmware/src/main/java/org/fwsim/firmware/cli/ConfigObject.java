package org.fwsim.firmware.cli;

import java.util.List;

/**
 * One configuration object (a table entry, a singleton, or a scope root): what was {@code set},
 * kept apart from the schema defaults.
 *
 * <p>Per-appliance storage is only the set values (an array allocated on the first {@code set}) and
 * the child nodes that exist; names, types and defaults live in the shared {@link NodeSchema}. Not
 * thread-safe: owned by the appliance's CLI; other threads read {@code ApplianceConfig}.
 */
public final class ConfigObject {
  private final NodeSchema schema;
  private Object[] values;
  private Object[] children;

  ConfigObject(NodeSchema schema) {
    this.schema = schema;
  }

  public NodeSchema schema() {
    return schema;
  }

  /** The value that was set (String or List), or null when the attribute is at its default. */
  public Object configured(String attribute) {
    return configured(require(attribute));
  }

  Object configured(Attribute a) {
    return values == null ? null : values[schema.attributeIndex(a)];
  }

  /** The effective value: what was set, else the schema default (may be null). */
  public Object effective(String attribute) {
    return effective(require(attribute));
  }

  Object effective(Attribute a) {
    Object v = configured(a);
    return v != null ? v : a.defaultValue();
  }

  /** Effective single value as text, "" when neither set nor defaulted. */
  public String text(String attribute) {
    Object v = effective(attribute);
    return v == null ? "" : (String) v;
  }

  /** Effective multi value, empty when neither set nor defaulted. */
  public List<String> list(String attribute) {
    return Attribute.asList(effective(attribute));
  }

  void set(Attribute a, Object value) {
    if (values == null) {
      if (value == null) {
        return;
      }
      values = new Object[schema.attributeCount()];
    }
    values[schema.attributeIndex(a)] = value;
  }

  /** Whether any attribute or child holds configuration. */
  boolean isEmpty() {
    if (values != null) {
      for (Object v : values) {
        if (v != null) {
          return false;
        }
      }
    }
    if (children != null) {
      for (Object c : children) {
        if (c instanceof ConfigObject o && !o.isEmpty()) {
          return false;
        }
        if (c instanceof ConfigTable t && !t.isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  /** The child singleton or table, created empty on first use. */
  Object child(NodeSchema c) {
    if (children == null) {
      children = new Object[schema.childCount()];
    }
    int i = schema.childIndex(c);
    if (children[i] == null) {
      children[i] = c.isTable() ? new ConfigTable(c) : new ConfigObject(c);
    }
    return children[i];
  }

  /** The child if it exists, else null (no allocation: used by printers and views). */
  Object childIfPresent(NodeSchema c) {
    return children == null ? null : children[schema.childIndex(c)];
  }

  /** Child singleton by name, never null. */
  public ConfigObject singleton(String childName) {
    NodeSchema c = schema.child(childName);
    if (c == null || c.isTable()) {
      throw new IllegalArgumentException(schema + " has no singleton " + childName);
    }
    Object o = childIfPresent(c);
    return o != null ? (ConfigObject) o : new ConfigObject(c);
  }

  /** Child table by name, never null. */
  public ConfigTable table(String childName) {
    NodeSchema c = schema.child(childName);
    if (c == null || !c.isTable()) {
      throw new IllegalArgumentException(schema + " has no table " + childName);
    }
    Object o = childIfPresent(c);
    return o != null ? (ConfigTable) o : new ConfigTable(c);
  }

  void replaceChild(NodeSchema c, Object value) {
    if (children == null) {
      children = new Object[schema.childCount()];
    }
    children[schema.childIndex(c)] = value;
  }

  /** Deep copy, used to stage an {@code edit} or singleton block. */
  ConfigObject copy() {
    ConfigObject o = new ConfigObject(schema);
    if (values != null) {
      o.values = values.clone();
    }
    if (children != null) {
      o.children = new Object[children.length];
      for (int i = 0; i < children.length; i++) {
        Object c = children[i];
        if (c instanceof ConfigObject co) {
          o.children[i] = co.copy();
        } else if (c instanceof ConfigTable t) {
          o.children[i] = t.copy();
        }
      }
    }
    return o;
  }

  private Attribute require(String attribute) {
    Attribute a = schema.attribute(attribute);
    if (a == null) {
      throw new IllegalArgumentException(schema + " has no attribute " + attribute);
    }
    return a;
  }
}
