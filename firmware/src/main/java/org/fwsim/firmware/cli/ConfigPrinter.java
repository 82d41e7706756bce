package org.fwsim.firmware.cli;

import java.util.Objects;

/**
 * Prints configuration as FortiOS does: {@code show} (set values that differ from defaults), {@code
 * show full-configuration} (every effective value) and {@code get} ({@code name : value}).
 *
 * <p>{@code show} nests by four spaces per level; {@code get} pads names to 20 columns, and a
 * longer name runs straight into the colon, as on the device.
 */
final class ConfigPrinter {
  private static final String INDENT = "    ";
  private static final int GET_WIDTH = 20;

  private ConfigPrinter() {}

  /** {@code config <name>} ... {@code end} for a singleton or a whole table. */
  static void showNode(StringBuilder out, NodeSchema schema, Object node, boolean full, int depth) {
    String pad = INDENT.repeat(depth);
    out.append(pad).append("config ").append(schema.name()).append('\n');
    if (schema.isTable()) {
      ConfigTable t = (ConfigTable) node;
      if (t != null) {
        for (String key : t.keys()) {
          showEntry(out, schema, key, t.get(key), full, depth + 1);
        }
      }
    } else {
      showBody(out, node == null ? new ConfigObject(schema) : (ConfigObject) node, full, depth + 1);
    }
    out.append(pad).append("end\n");
  }

  /** {@code edit <key>} ... {@code next}. */
  static void showEntry(
      StringBuilder out,
      NodeSchema schema,
      String key,
      ConfigObject entry,
      boolean full,
      int depth) {
    String pad = INDENT.repeat(depth);
    out.append(pad).append("edit ").append(formatKey(schema, key)).append('\n');
    showBody(out, entry, full, depth + 1);
    out.append(pad).append("next\n");
  }

  /**
   * A table entry wrapped in its {@code config} block, as {@code show} prints it inside an edit.
   */
  static void showWrappedEntry(
      StringBuilder out, NodeSchema schema, String key, ConfigObject entry, boolean full) {
    out.append("config ").append(schema.name()).append('\n');
    showEntry(out, schema, key, entry, full, 1);
    out.append("end\n");
  }

  static String formatKey(NodeSchema schema, String key) {
    return schema.kind() == NodeSchema.Kind.NUMBERED_TABLE
        ? key
        : Quoting.printable(Quoting.quote(key));
  }

  static void showBody(StringBuilder out, ConfigObject o, boolean full, int depth) {
    String pad = INDENT.repeat(depth);
    for (Object m : o.schema().members()) {
      if (m instanceof Attribute a) {
        if (a.readOnly()) {
          continue;
        }
        Object v = full ? o.effective(a) : shownValue(o, a);
        if (v == null || (a.multi() && Attribute.asList(v).isEmpty())) {
          continue;
        }
        String text = a.show(v);
        out.append(pad)
            .append("set ")
            .append(a.name())
            .append(' ')
            .append(text.equals("\"\"") ? "''" : Quoting.printable(text))
            .append('\n');
      } else {
        NodeSchema c = (NodeSchema) m;
        Object child = o.childIfPresent(c);
        if (full || !isEmpty(child)) {
          showNode(out, c, child, full, depth);
        }
      }
    }
  }

  /** The value {@code show} prints: set and not equal to the default (sticky ones always). */
  private static Object shownValue(ConfigObject o, Attribute a) {
    Object v = o.configured(a);
    if (v == null) {
      return null;
    }
    if (!a.setOnCreate() && Objects.equals(v, a.defaultValue())) {
      return null;
    }
    return v;
  }

  static boolean isEmpty(Object child) {
    if (child == null) {
      return true;
    }
    if (child instanceof ConfigTable t) {
      return t.isEmpty();
    }
    ConfigObject o = (ConfigObject) child;
    // A singleton whose set values all equal defaults prints nothing under show.
    StringBuilder probe = new StringBuilder();
    showBody(probe, o, false, 0);
    return probe.length() == 0;
  }

  /** {@code get} of one object: the key line first when it is a table entry. */
  static void get(StringBuilder out, ConfigObject o, String key, String pad) {
    NodeSchema s = o.schema();
    if (key != null) {
      line(out, pad, s.keyName(), key);
    }
    for (Object m : s.members()) {
      if (m instanceof Attribute a) {
        line(out, pad, a.name(), a.get(o.effective(a)));
      } else {
        NodeSchema c = (NodeSchema) m;
        out.append(pad).append(c.name()).append(":\n");
        Object child = o.childIfPresent(c);
        if (c.isTable()) {
          if (child != null) {
            ConfigTable t = (ConfigTable) child;
            for (String k : t.keys()) {
              out.append(pad).append(INDENT).append("== [ ").append(k).append(" ]\n");
              get(out, t.get(k), k, pad + INDENT);
            }
          }
        } else {
          get(out, child == null ? new ConfigObject(c) : (ConfigObject) child, null, pad + INDENT);
        }
      }
    }
  }

  /** {@code get} of a whole table: one {@code == [ key ]} header and key line per entry. */
  static void getTable(StringBuilder out, ConfigTable t) {
    for (String k : t.keys()) {
      out.append("== [ ").append(k).append(" ]\n");
      out.append(t.schema().keyName()).append(": ").append(k).append('\n');
    }
  }

  private static void line(StringBuilder out, String pad, String name, String value) {
    out.append(pad).append(name);
    for (int i = name.length(); i < GET_WIDTH; i++) {
      out.append(' ');
    }
    out.append(": ").append(Quoting.printable(value)).append('\n');
  }
}
