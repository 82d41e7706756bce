package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ?} help and TAB completion for a CLI context, built from the schema and the command
 * registry.
 */
record CliHelp(ConfigTree tree, CommandRegistry registry, TopLevel topLevel) {
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
          add(
              out,
              "delete",
              "Delete table entry.",
              "edit",
              "Add/edit table value.",
              "end",
              "End and save last config.",
              "get",
              "Get dynamic and system information.",
              "purge",
              "Clear all table entries.",
              "rename",
              "Rename table entry.",
              "show",
              "Show configuration.");
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
      add(
          out,
          "config",
          "Configure object.",
          "get",
          "Get dynamic and system information.",
          "show",
          "Show configuration.");
      if (f.kind != Frame.Kind.TOP) {
        add(out, "end", "End and save last config.");
      }
      if (tree.multiVdom()) {
        add(out, "sudo", "Run a command in another VDOM or in global.");
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
        add(out, "full-configuration", "Show full configuration.");
      }
      if (cmd.equals("show") && !path.isEmpty() && path.get(0).equals("full-configuration")) {
        path.remove(0);
      }
      if (cmd.equals("config") && f.kind == Frame.Kind.TOP && tree.multiVdom() && path.isEmpty()) {
        add(out, "global", "Configure global settings.", "vdom", "Configure VDOMs.");
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
      add(
          out,
          "set",
          "Modify value.",
          "unset",
          "Set to default value.",
          "append",
          "Append values.",
          "select",
          "Clear all values and select new values.",
          "unselect",
          "Remove values.",
          "get",
          "Get dynamic and system information.",
          "show",
          "Show configuration.");
      if (f.key != null) {
        add(out, "next", "Configure next table entry.");
      }
      add(out, "abort", "End and discard last config.", "end", "End and save last config.");
      if (!f.schema.children().isEmpty()) {
        add(out, "config", "Configure object.");
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

  private static void add(List<String[]> out, String... wordHelp) {
    for (int i = 0; i < wordHelp.length; i += 2) {
      out.add(new String[] {wordHelp[i], wordHelp[i + 1]});
    }
  }
}
