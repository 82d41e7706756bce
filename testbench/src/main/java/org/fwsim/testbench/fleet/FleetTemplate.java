package org.fwsim.testbench.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FortiOS CLI template for fleet devices, with FortiManager-style {@code $(variables)}.
 *
 * <p>Lines whose first non-blank character is {@code #} are never emitted: they are template
 * comments, or one of three directives that let one template serve any VDOM count:
 *
 * <ul>
 *   <li>{@code #foreach vdom} ... {@code #end}: once per VDOM, with {@code $(vdom)}, {@code
 *       $(vdom_index)}, {@code $(vdom_port)}, {@code $(vdom_ip)}, {@code $(vdom_mask)}, {@code
 *       $(vdom_gw)};
 *   <li>{@code #foreach port} ... {@code #end}: once per port, with {@code $(port)}, {@code
 *       $(port_vdom)}, {@code $(port_ip)}, {@code $(port_mask)}, {@code $(port_gw)};
 *   <li>{@code #if multi-vdom} / {@code #if single-vdom} ... {@code #end}.
 * </ul>
 *
 * Device variables: {@code devname}, {@code serial}, {@code index}, {@code vdom_count}, {@code
 * vdom_mode} ({@code no-vdom} or {@code multi-vdom}), {@code portN_ip}, {@code portN_mask}, {@code
 * portN_gw} for each port, {@code wan1_*} and {@code wan2_*} as aliases of port1 and port2; plus
 * the fleet's own (e.g. {@code ca_url}, {@code scep_password}, {@code cert_name}), which device
 * variables override. An unknown variable is an error naming it and its line.
 */
public final class FleetTemplate {

  /** Where the default template lives on the class path (a copy of src/examples). */
  static final String DEFAULT_RESOURCE = "fleet-template.conf";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z][A-Za-z0-9_]*)\\)");

  private final String source;
  private final List<Node> body;

  private FleetTemplate(String source, List<Node> body) {
    this.source = source;
    this.body = body;
  }

  /** A template from text; {@code source} names it in errors (a file name). */
  public static FleetTemplate parse(String text, String source) {
    String[] lines = text.split("\r?\n", -1);
    Parser p = new Parser(source, lines);
    List<Node> body = p.block(null, 0);
    return new FleetTemplate(source, body);
  }

  /** A template from a file ({@code --template FILE}). */
  public static FleetTemplate load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read fleet template " + file + ": " + e.getMessage(), e);
    }
  }

  /** The template that ships with fwsim (src/examples/fleet-template.conf). */
  public static FleetTemplate defaultTemplate() {
    try (InputStream in = FleetTemplate.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("default fleet template missing from the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the default fleet template: " + e.getMessage(), e);
    }
  }

  /** The device's CLI: directives applied, variables replaced, comment lines dropped. */
  public String expand(DevicePlan device, Map<String, String> fleetVariables) {
    Map<String, String> vars = new LinkedHashMap<>(fleetVariables);
    vars.putAll(deviceVariables(device));
    StringBuilder out = new StringBuilder(2048);
    emit(body, device, vars, out);
    return out.toString();
  }

  /** The variables every device defines, as the template sees them. */
  static Map<String, String> deviceVariables(DevicePlan d) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("devname", d.devname());
    v.put("serial", d.serial());
    v.put("index", Integer.toString(d.index()));
    v.put("vdom_count", Integer.toString(d.vdoms().size()));
    v.put("vdom_mode", d.vdoms().size() > 1 ? "multi-vdom" : "no-vdom");
    for (DevicePlan.Port p : d.ports()) {
      portVariables(v, p.name() + "_", p);
    }
    portVariables(v, "wan1_", d.ports().get(0));
    portVariables(v, "wan2_", d.ports().get(1));
    return v;
  }

  private static void portVariables(Map<String, String> v, String prefix, DevicePlan.Port p) {
    v.put(prefix + "ip", p.ip());
    v.put(prefix + "mask", p.mask());
    v.put(prefix + "gw", p.gateway());
  }

  private void emit(List<Node> nodes, DevicePlan d, Map<String, String> vars, StringBuilder out) {
    for (Node n : nodes) {
      if (n instanceof Line line) {
        out.append(substitute(line, vars)).append('\n');
      } else if (n instanceof If cond) {
        if (cond.multiVdom() == (d.vdoms().size() > 1)) {
          emit(cond.body(), d, vars, out);
        }
      } else if (n instanceof ForEach loop) {
        List<Map<String, String>> rounds = loop.overVdoms() ? vdomRounds(d) : portRounds(d);
        for (Map<String, String> round : rounds) {
          Map<String, String> scoped = new LinkedHashMap<>(vars);
          scoped.putAll(round);
          emit(loop.body(), d, scoped, out);
        }
      }
    }
  }

  private static List<Map<String, String>> vdomRounds(DevicePlan d) {
    List<Map<String, String>> rounds = new ArrayList<>();
    for (int k = 0; k < d.vdoms().size(); k++) {
      String vdom = d.vdoms().get(k);
      DevicePlan.Port p = d.portOf(vdom);
      Map<String, String> round = new LinkedHashMap<>();
      round.put("vdom", vdom);
      round.put("vdom_index", Integer.toString(k));
      round.put("vdom_port", p.name());
      portVariables(round, "vdom_", p);
      rounds.add(round);
    }
    return rounds;
  }

  private static List<Map<String, String>> portRounds(DevicePlan d) {
    List<Map<String, String>> rounds = new ArrayList<>();
    for (DevicePlan.Port p : d.ports()) {
      Map<String, String> round = new LinkedHashMap<>();
      round.put("port", p.name());
      round.put("port_vdom", p.vdom());
      portVariables(round, "port_", p);
      rounds.add(round);
    }
    return rounds;
  }

  private String substitute(Line line, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(line.text());
    StringBuilder sb = new StringBuilder(line.text().length() + 16);
    while (m.find()) {
      String value = vars.get(m.group(1));
      if (value == null) {
        throw new TemplateException(
            source,
            line.number(),
            "unknown variable $("
                + m.group(1)
                + ") (known here: "
                + String.join(", ", new TreeSet<>(vars.keySet()))
                + ")");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private sealed interface Node permits Line, If, ForEach {}

  private record Line(int number, String text) implements Node {}

  private record If(boolean multiVdom, List<Node> body) implements Node {}

  private record ForEach(boolean overVdoms, List<Node> body) implements Node {}

  /** Reads lines into nodes, one nesting level per call. */
  private static final class Parser {
    private final String source;
    private final String[] lines;
    private int next;

    Parser(String source, String[] lines) {
      this.source = source;
      this.lines = lines;
    }

    /** Nodes up to the matching {@code #end} (or the end of the text at the top level). */
    List<Node> block(String opener, int openedAt) {
      List<Node> nodes = new ArrayList<>();
      while (next < lines.length) {
        int number = ++next;
        String raw = lines[number - 1];
        String t = raw.strip();
        if (!t.startsWith("#")) {
          if (!t.isEmpty()) {
            checkVariableSyntax(raw, number);
            nodes.add(new Line(number, raw));
          }
          continue;
        }
        String[] words = t.substring(1).strip().split("\\s+");
        switch (words[0]) {
          case "end" -> {
            if (opener == null) {
              throw new TemplateException(source, number, "#end without #foreach or #if");
            }
            return nodes;
          }
          case "foreach" ->
              nodes.add(new ForEach(either(words, t, number, "vdom", "port"), block(t, number)));
          case "if" ->
              nodes.add(
                  new If(either(words, t, number, "multi-vdom", "single-vdom"), block(t, number)));
          default -> {} // a template comment
        }
      }
      if (opener != null) {
        throw new TemplateException(source, openedAt, "'" + opener + "' has no #end");
      }
      return nodes;
    }

    /**
     * Whether the directive's one word is {@code first}; a directive with any other word than
     * {@code first} or {@code second}, or with none, is refused.
     */
    private boolean either(String[] words, String t, int number, String first, String second) {
      String word = words.length == 2 ? words[1] : "";
      if (!word.equals(first) && !word.equals(second)) {
        throw new TemplateException(
            source,
            number,
            "#" + words[0] + " takes '" + first + "' or '" + second + "', got '" + t + "'");
      }
      return word.equals(first);
    }

    private void checkVariableSyntax(String raw, int number) {
      int at = raw.indexOf("$(");
      while (at >= 0) {
        Matcher m = VARIABLE.matcher(raw);
        if (!m.find(at) || m.start() != at) {
          throw new TemplateException(
              source,
              number,
              "malformed variable at column "
                  + (at + 1)
                  + ": expected $(name) with letters, digits and '_'");
        }
        at = raw.indexOf("$(", m.end());
      }
    }
  }
}
