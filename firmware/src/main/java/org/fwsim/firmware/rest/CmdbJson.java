package org.fwsim.firmware.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.fwsim.firmware.cli.Attribute;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.NodeSchema;

/**
 * Configuration objects as FortiOS's cmdb JSON: the key first (and as {@code q_origin_key}), every
 * attribute with its effective value (numbers unquoted, a multi-valued option list as one
 * space-separated string, a list of names as {@code [{"name": ...}]}), child tables as arrays.
 */
final class CmdbJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private CmdbJson() {}

  /** One table entry or singleton; {@code fields} limits the attributes ({@code format=}). */
  static ObjectNode object(NodeSchema schema, String key, ConfigObject o, Set<String> fields) {
    ObjectNode n = F.objectNode();
    if (key != null) {
      if (schema.kind() == NodeSchema.Kind.NUMBERED_TABLE) {
        n.put(schema.keyName(), Long.parseLong(key));
        n.put("q_origin_key", Long.parseLong(key));
      } else {
        n.put(schema.keyName(), key);
        n.put("q_origin_key", key);
      }
    }
    for (Attribute a : schema.attributes()) {
      if (a.readOnly() && o.configured(a.name()) == null) {
        continue;
      }
      if (fields != null && !fields.contains(a.name())) {
        continue;
      }
      n.set(a.name(), value(a, o.effective(a.name())));
    }
    for (NodeSchema c : schema.children()) {
      if (fields != null && !fields.contains(c.name())) {
        continue;
      }
      if (c.isTable()) {
        ArrayNode arr = n.putArray(c.name());
        var t = o.table(c.name());
        for (String k : t.keys()) {
          arr.add(object(c, k, t.get(k), null));
        }
      } else {
        n.set(c.name(), object(c, null, o.singleton(c.name()), null));
      }
    }
    return n;
  }

  private static JsonNode value(Attribute a, Object v) {
    if (v == null) {
      return a.numeric() ? F.numberNode(0) : F.textNode("");
    }
    if (v instanceof List<?> list) {
      if (a.text()) {
        ArrayNode arr = F.arrayNode();
        for (Object e : list) {
          arr.addObject().put("name", (String) e);
        }
        return arr;
      }
      StringBuilder b = new StringBuilder();
      for (Object e : list) {
        if (b.length() > 0) {
          b.append(' ');
        }
        b.append(a.display((String) e));
      }
      return F.textNode(b.toString());
    }
    String s = (String) v;
    if (a.numeric()) {
      try {
        return F.numberNode(Long.parseLong(s));
      } catch (NumberFormatException e) {
        return F.textNode(s);
      }
    }
    return F.textNode(a.display(s));
  }

  /** Whether an entry passes every {@code filter=} term ({@code ==}, {@code !=}, {@code =@}). */
  static boolean matches(ObjectNode entry, List<String> filters) {
    for (String f : filters) {
      if (!matchesOne(entry, f)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesOne(ObjectNode entry, String filter) {
    for (String op : List.of("==", "!=", "=@", "!@")) {
      int i = filter.indexOf(op);
      if (i > 0) {
        JsonNode v = entry.get(filter.substring(0, i));
        String actual = v == null ? "" : v.isValueNode() ? v.asText() : v.toString();
        String wanted = filter.substring(i + op.length());
        return switch (op) {
          case "==" -> actual.equals(wanted);
          case "!=" -> !actual.equals(wanted);
          case "=@" -> actual.contains(wanted);
          default -> !actual.contains(wanted);
        };
      }
    }
    return false;
  }
}
