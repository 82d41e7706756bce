package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The non-config commands, by command path ({@code get system status}, {@code diagnose debug
 * enable}, {@code sim clock advance}). Features register their handlers here; the interpreter
 * dispatches to them and builds {@code ?} help and completion from the same tree.
 *
 * <p>A feature keeps its commands' help and arguments as data, in a schema file beside it ({@link
 * #load}, format in {@link CommandSchema}), and binds only handlers by path ({@link #bind}).
 *
 * <p>Register everything while the firmware is assembled, before sessions run; after that the
 * registry is only read, so one registry may be shared by every appliance of a JVM.
 */
public final class CommandRegistry {
  private final Node root = new Node("", "");

  /** Argument groups the schema files read so far defined, by name. */
  private final Map<String, List<ArgSpec>> groups = new HashMap<>();

  /** A registered command found for a line, with the words after its path. */
  record Match(Command command, List<String> args) {}

  /** One registered command. */
  record Command(String path, String help, List<ArgSpec> args, CommandHandler handler) {}

  /**
   * Registers a command with its help in code: one added on its own (a test's, a lab's) rather than
   * a feature's, which {@link #load}s its schema and {@link #bind}s.
   *
   * @param path words separated by single spaces, e.g. {@code "execute date"}
   * @throws IllegalArgumentException when the path is already registered
   */
  public void register(String path, String help, List<ArgSpec> args, CommandHandler handler) {
    Node n = node(path);
    if (n.command != null) {
      throw new IllegalArgumentException("command already registered: " + path);
    }
    n.command = new Command(path.trim(), help, List.copyOf(args), handler);
    if (n.help.isEmpty()) {
      n.help = help;
    }
  }

  /**
   * Reads the CLI schema {@code resource} beside {@code feature}'s class: the help of its words and
   * commands and the commands' arguments. Its commands answer once {@link #bind} gave them a
   * handler.
   */
  public void load(Class<?> feature, String resource) {
    for (CommandSchema.Entry e : CommandSchema.read(feature, resource, groups)) {
      Node n = node(e.path());
      n.help = e.help();
      n.schemaArgs = e.args();
    }
  }

  /** Loads {@code feature}'s schema, {@code <SimpleName>.cli} beside its class, and binds it. */
  public void install(CommandFeature feature) {
    load(feature.getClass(), feature.getClass().getSimpleName() + ".cli");
    feature.bind(this);
  }

  /**
   * Gives the command {@code path} of a loaded schema its handler.
   *
   * @throws IllegalArgumentException when no schema has the path or it already has a handler
   */
  public void bind(String path, CommandHandler handler) {
    Node n = node(path);
    if (n.schemaArgs == null) {
      throw new IllegalArgumentException("no CLI schema has " + path);
    }
    register(path, n.help, n.schemaArgs, handler);
  }

  /**
   * The schema paths that look like commands (they take arguments, or nothing follows them) yet
   * have no handler: what a feature forgot to {@link #bind}. Empty once a registry is assembled.
   */
  public List<String> unbound() {
    List<String> out = new ArrayList<>();
    root.unbound(out, "");
    return out;
  }

  private Node node(String path) {
    Node n = root;
    for (String w : path.trim().split(" +")) {
      n = n.children.computeIfAbsent(w, k -> new Node(k, ""));
    }
    return n;
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

    /** The arguments a schema file gave this path, null when no schema named it. */
    List<ArgSpec> schemaArgs;

    final Map<String, Node> children = new TreeMap<>();

    Node(String word, String help) {
      this.word = word;
      this.help = help;
    }

    void unbound(List<String> out, String path) {
      boolean commandLike = schemaArgs != null && (!schemaArgs.isEmpty() || children.isEmpty());
      if (commandLike && command == null) {
        out.add(path);
      }
      for (Node c : children.values()) {
        c.unbound(out, path.isEmpty() ? c.word : path + " " + c.word);
      }
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
