package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The non-config commands, by command path ({@code get system status}, {@code diagnose debug
 * enable}, {@code sim clock advance}). Features register their handlers here; the interpreter
 * dispatches to them and builds {@code ?} help and completion from the same tree.
 *
 * <p>Register everything while the firmware is assembled, before sessions run; after that the
 * registry is only read, so one registry may be shared by every appliance of a JVM.
 */
public final class CommandRegistry {
  private final Node root = new Node("", "");

  /** A registered command found for a line, with the words after its path. */
  record Match(Command command, List<String> args) {}

  /** One registered command. */
  record Command(String path, String help, List<ArgSpec> args, CommandHandler handler) {}

  /**
   * Registers a command.
   *
   * @param path words separated by single spaces, e.g. {@code "execute date"}
   * @throws IllegalArgumentException when the path is already registered
   */
  public void register(String path, String help, List<ArgSpec> args, CommandHandler handler) {
    Node n = root;
    for (String w : path.trim().split(" +")) {
      n = n.children.computeIfAbsent(w, k -> new Node(k, ""));
    }
    if (n.command != null) {
      throw new IllegalArgumentException("command already registered: " + path);
    }
    n.command = new Command(path.trim(), help, List.copyOf(args), handler);
    if (n.help.isEmpty()) {
      n.help = help;
    }
  }

  /** Sets the help of an intermediate word, e.g. {@code describe("diagnose debug", "Debug.")}. */
  public void describe(String path, String help) {
    Node n = root;
    for (String w : path.trim().split(" +")) {
      n = n.children.computeIfAbsent(w, k -> new Node(k, ""));
    }
    n.help = help;
  }

  /** Whether any registered command starts with this word ({@code execute}). */
  boolean hasRoot(String word) {
    return root.children.containsKey(word);
  }

  /** Top words ({@code execute}, {@code diagnose}, {@code sim}, {@code get}, ...). */
  List<String> roots() {
    return List.copyOf(root.children.keySet());
  }

  /**
   * The deepest registered command whose path prefixes {@code words} (each word may be an
   * unambiguous abbreviation), or null.
   */
  Match find(List<String> words) {
    Node n = root;
    Command best = null;
    int bestLen = 0;
    for (int i = 0; i < words.size(); i++) {
      Node next = n.child(words.get(i));
      if (next == null) {
        break;
      }
      n = next;
      if (n.command != null) {
        best = n.command;
        bestLen = i + 1;
      }
    }
    return best == null ? null : new Match(best, List.copyOf(words.subList(bestLen, words.size())));
  }

  /**
   * Help entries for what may follow {@code words}: sub-words with their help, or the next argument
   * of a command.
   */
  List<String[]> next(List<String> words) {
    Node n = root;
    int i = 0;
    for (; i < words.size(); i++) {
      Node next = n.child(words.get(i));
      if (next == null) {
        break;
      }
      n = next;
    }
    List<String[]> out = new ArrayList<>();
    if (i == words.size()) {
      for (Node c : n.children.values()) {
        out.add(new String[] {c.word, c.help});
      }
    }
    if (n.command != null) {
      int argIndex = words.size() - i;
      List<ArgSpec> args = n.command.args();
      if (argIndex < args.size()) {
        ArgSpec a = args.get(argIndex);
        if (a.options().isEmpty()) {
          out.add(new String[] {"<" + a.name() + ">", a.help()});
        } else {
          for (String o : a.options()) {
            out.add(new String[] {o, a.help()});
          }
        }
      } else if (i == words.size()) {
        out.add(new String[] {"<Enter>", ""});
      }
    }
    return out;
  }

  private static final class Node {
    final String word;
    String help;
    Command command;
    final Map<String, Node> children = new TreeMap<>();

    Node(String word, String help) {
      this.word = word;
      this.help = help;
    }

    Node child(String w) {
      Node exact = children.get(w);
      if (exact != null) {
        return exact;
      }
      Node found = null;
      for (var e : children.entrySet()) {
        if (e.getKey().startsWith(w)) {
          if (found != null) {
            return null;
          }
          found = e.getValue();
        }
      }
      return found;
    }
  }
}
