package org.fwsim.firmware.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.firmware.cli.Attribute;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.NodeSchema;
import org.fwsim.firmware.cli.Quoting;

/**
 * A cmdb write as the CLI lines an administrator would type ({@code config}, {@code edit}, {@code
 * set}, {@code next}, {@code end}), run on a fresh CLI session: REST writes take the CLI's parsing,
 * validation and commit, and a refused line leaves the session uncommitted, so nothing changes.
 */
final class CmdbScript {
  private static final Pattern RETURN_CODE = Pattern.compile("Return code (-?\\d+)");

  private final List<String> lines = new ArrayList<>();

  /** Opens the scope the node lives in: nothing without VDOMs, else {@code config global|vdom}. */
  CmdbScript(NodeSchema top, String vdom, boolean multiVdom) {
    if (multiVdom) {
      if (top.scope() == NodeSchema.Scope.GLOBAL) {
        lines.add("config global");
      } else {
        lines.add("config vdom");
        lines.add("edit " + Quoting.quote(vdom));
      }
    }
    lines.add("config " + top.name());
  }

  void edit(String key) {
    lines.add("edit " + Quoting.quote(key));
  }

  void delete(String key) {
    lines.add("delete " + Quoting.quote(key));
  }

  void line(String text) {
    lines.add(text);
  }

  /** {@code set} (or {@code unset} for null) for each body field; child tables as blocks. */
  void sets(NodeSchema schema, JsonNode body) {
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      if (name.equals(schema.keyName()) || name.equals("q_origin_key")) {
        continue;
      }
      NodeSchema child = schema.child(name);
      if (child != null && child.isTable() && f.getValue().isArray()) {
        lines.add("config " + name);
        lines.add("purge");
        for (JsonNode e : f.getValue()) {
          JsonNode k = e.get(child.keyName());
          lines.add("edit " + Quoting.quote(k == null ? "0" : k.asText()));
          sets(child, e);
          lines.add("next");
        }
        lines.add("end");
        continue;
      }
      Attribute a = schema.attribute(name);
      JsonNode v = f.getValue();
      if (v.isNull()) {
        lines.add("unset " + name);
        continue;
      }
      List<String> words = words(a, v);
      lines.add(words.isEmpty() ? "unset " + name : "set " + name + " " + String.join(" ", words));
    }
  }

  private static List<String> words(Attribute a, JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode e : v) {
        JsonNode inner = e.isObject() && e.size() > 0 ? e.elements().next() : e;
        out.add(Quoting.quote(inner.asText()));
      }
    } else if (a != null && a.text() && !a.multi()) {
      out.add(Quoting.quote(v.asText()));
    } else {
      for (String w : v.asText().trim().split("\\s+")) {
        if (!w.isEmpty()) {
          out.add(Quoting.quote(w));
        }
      }
    }
    return out;
  }

  /**
   * Runs the lines and closes every block; stops at the first line the CLI refuses, leaving the
   * session (and the configuration) uncommitted.
   *
   * @return null when committed, else the refused line's return code and message
   */
  Failure run(CliSession session) {
    // A REST write is applied as asked: FortiOS's (y/n) questions are for people at a console.
    session.setAutoConfirm(true);
    int depth = 0;
    for (String l : lines) {
      String out = session.execute(l);
      Matcher m = RETURN_CODE.matcher(out);
      if (m.find()) {
        return new Failure(Integer.parseInt(m.group(1)), out.strip());
      }
      if (l.startsWith("config ") || l.equals("config global")) {
        depth++;
      } else if (l.equals("end")) {
        depth--;
      }
    }
    for (; depth > 0; depth--) {
      String out = session.execute("end");
      Matcher m = RETURN_CODE.matcher(out);
      if (m.find()) {
        return new Failure(Integer.parseInt(m.group(1)), out.strip());
      }
    }
    return null;
  }

  /** The return code in CLI output, or 0 when there is none. */
  static int returnCode(String out) {
    Matcher m = RETURN_CODE.matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** A refused line: the CLI's return code and what it printed. */
  record Failure(int code, String message) {}
}
