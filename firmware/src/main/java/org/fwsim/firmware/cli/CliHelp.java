package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ?} help and TAB completion for a CLI context, built from the schema and the command
 * registry.
 */
record CliHelp(ConfigTree tree, CommandRegistry registry, TopLevel topLevel) {

  /**
   * FortiOS's help for the words of the configuration contexts (top, global, VDOM, table and
   * object), each written once whichever contexts offer the word. The VDOM list has its own.
   */
  private static final Map<String, String> WORDS =
      Map.ofEntries(
          Map.entry("abort", "End and discard last config."),
          Map.entry("append", "Append values."),
          Map.entry("config", "Configure object."),
          Map.entry("delete", "Delete table entry."),
          Map.entry("edit", "Add/edit table value."),
          Map.entry("end", "End and save last config."),
          Map.entry("full-configuration", "Show full configuration."),
          Map.entry("get", "Get dynamic and system information."),
          Map.entry("global", "Configure global settings."),
          Map.entry("next", "Configure next table entry."),
          Map.entry("purge", "Clear all table entries."),
          Map.entry("rename", "Rename table entry."),
          Map.entry("select", "Clear all values and select new values."),
          Map.entry("set", "Modify value."),
          Map.entry("show", "Show configuration."),
          Map.entry("sudo", "Run a command in another VDOM or in global."),
          Map.entry("unselect", "Remove values."),
          Map.entry("unset", "Set to default value."),
          Map.entry("vdom", "Configure VDOMs."));

  private List<NodeSchema> topsFor(Frame f) {
    return topLevel.topsFor(f);
  }

  /** Words that can complete the last word of {@code partialLine} in the current context. */
  List<String> complete(Frame current, String partialLine) {
    CliLexer.Tokens t = CliLexer.tokenize(partialLine);
    List<String> words = new ArrayList<>(t.words());
    String prefix = "";
    if (!t.trailingBlank() && !words.isEmpty()) {
      prefix = words.remove(words.size() - 1);
    }
    List<String> out = new ArrayList<>();
    for (String[] c : candidates(current, words)) {
      if (c[0].startsWith(prefix) && !c[0].startsWith("<") && !out.contains(c[0])) {
        out.add(c[0]);
      }
    }
    return out;
  }

  /**
   * The {@code ?} help for what may follow {@code partialLine}: one {@code word help} line each.
   */
  String help(Frame current, String partialLine) {
    CliLexer.Tokens t = CliLexer.tokenize(partialLine);
    List<String> words = new ArrayList<>(t.words());
    String prefix = "";
    if (!t.trailingBlank() && !words.isEmpty()) {
      prefix = words.remove(words.size() - 1);
    }
    StringBuilder out = new StringBuilder();
    List<String> seen = new ArrayList<>();
    for (String[] c : candidates(current, words)) {
      // <Enter> completes nothing: it is offered only after a complete word.
      boolean placeholder = c[0].startsWith("<") && !(c[0].equals("<Enter>") && !prefix.isEmpty());
      if ((c[0].startsWith(prefix) || placeholder) && !seen.contains(c[0])) {
        seen.add(c[0]);
        out.append(String.format("%-25s %s", c[0], c[1]).stripTrailing()).append('\n');
      }
    }
    return out.toString();
  }

  private List<String[]> candidates(Frame f, List<String> w) {
    List<String[]> out = new ArrayList<>();
    switch (f.kind) {
      case TOP, GLOBAL, VDOM -> scopeCandidates(f, w, out);
      case VDOM_LIST -> {
        if (w.isEmpty()) {
          add(
              out,
              "edit",
              "Add/edit a VDOM.",
              "delete",
              "Delete a VDOM.",
              "end",
              "End and save.",
              "get",
              "Get VDOMs.",
              "show",
              "Show VDOMs.");
        } else if (w.size() == 1) {
          for (String v : tree.vdomNames()) {
            out.add(new String[] {v, "VDOM"});
          }
        }
      }
      case TABLE -> {
        if (w.isEmpty()) {
          words(out, "delete", "edit", "end", "get", "purge", "rename", "show");
          if (!EditCommands.renames(f.schema)) {
            out.removeIf(c -> c[0].equals("rename"));
          }
        } else if (w.size() == 1 && List.of("edit", "delete", "rename").contains(w.get(0))) {
          String key = f.schema.keyName();
          out.add(new String[] {"<" + key + ">", f.schema.keyType().describe()});
          for (String k : f.table.keys()) {
            out.add(new String[] {k, ""});
          }
        }
      }
      default -> objectCandidates(f, w, out);
    }
    return out;
  }

  private void scopeCandidates(Frame f, List<String> w, List<String[]> out) {
    if (w.isEmpty()) {
      words(out, "config", "get", "show");
      if (f.kind != Frame.Kind.TOP) {
        words(out, "end");
      }
      if (tree.multiVdom()) {
        words(out, "sudo");
      }
      for (String r : registry.roots()) {
        if (!r.equals("get") && !r.equals("show")) {
          List<String[]> h = registry.next(List.of());
          for (String[] e : h) {
            if (e[0].equals(r)) {
              out.add(e);
            }
          }
        }
      }
      return;
    }
    String cmd = w.get(0);
    if (cmd.equals("sudo")) {
      if (w.size() == 1) {
        out.add(new String[] {"global", "Global context."});
        for (String v : tree.vdomNames()) {
          out.add(new String[] {v, "VDOM"});
        }
      } else {
        Frame scope = w.get(1).equals("global") ? Frame.global() : Frame.vdom(w.get(1));
        scopeCandidates(scope, w.subList(2, w.size()), out);
      }
      return;
    }
    if (cmd.equals("config") || cmd.equals("get") || cmd.equals("show")) {
      List<String> path = new ArrayList<>(w.subList(1, w.size()));
      if (cmd.equals("show") && path.isEmpty()) {
        words(out, "full-configuration");
      }
      if (cmd.equals("show") && !path.isEmpty() && path.get(0).equals("full-configuration")) {
        path.remove(0);
      }
      if (cmd.equals("config") && f.kind == Frame.Kind.TOP && tree.multiVdom() && path.isEmpty()) {
        words(out, "global", "vdom");
      }
      for (NodeSchema top : topsFor(f)) {
        String[] words = top.name().split(" ");
        if (path.size() < words.length && matchesPrefix(words, path)) {
          out.add(
              new String[] {
                words[path.size()],
                path.size() == words.length - 1 ? top.help() : words[path.size()]
              });
        }
      }
      if (!cmd.equals("config")) {
        out.addAll(registry.next(w));
      }
      return;
    }
    out.addAll(registry.next(w));
  }

  private static boolean matchesPrefix(String[] words, List<String> path) {
    for (int i = 0; i < path.size(); i++) {
      if (!words[i].equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  private void objectCandidates(Frame f, List<String> w, List<String[]> out) {
    if (w.isEmpty()) {
      words(out, "set", "unset", "append", "select", "unselect", "get", "show");
      if (f.key != null) {
        words(out, "next");
      }
      words(out, "abort", "end");
      if (!f.schema.children().isEmpty()) {
        words(out, "config");
      }
      return;
    }
    String cmd = w.get(0);
    if (cmd.equals("config") && w.size() == 1) {
      for (NodeSchema c : f.schema.children()) {
        out.add(new String[] {c.name(), c.help()});
      }
      return;
    }
    if (!List.of("set", "unset", "append", "select", "unselect").contains(cmd)) {
      return;
    }
    if (w.size() == 1) {
      for (Attribute a : f.schema.attributes()) {
        if (!a.readOnly()) {
          out.add(new String[] {a.name(), a.help()});
        }
      }
      return;
    }
    Attribute a = f.schema.attribute(w.get(1));
    if (a == null || cmd.equals("unset") || (!a.multi() && w.size() > 2)) {
      return;
    }
    if (a.type().options().isEmpty()) {
      out.add(new String[] {a.type().describe().split("  ")[0], a.help()});
    } else {
      for (String o : a.type().options()) {
        out.add(new String[] {o, a.help()});
      }
    }
  }

  /** Each of {@code words} with its help in the configuration contexts. */
  private static void words(List<String[]> out, String... words) {
    for (String w : words) {
      String help = WORDS.get(w);
      if (help == null) {
        throw new IllegalArgumentException("no help for " + w);
      }
      out.add(new String[] {w, help});
    }
  }

  private static void add(List<String[]> out, String... wordHelp) {
    for (int i = 0; i < wordHelp.length; i += 2) {
      out.add(new String[] {wordHelp[i], wordHelp[i + 1]});
    }
  }
}
