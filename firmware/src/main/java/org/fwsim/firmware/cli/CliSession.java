package org.fwsim.firmware.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The FortiOS command interpreter for one appliance: takes command lines, returns what the console
 * prints, and keeps the context ({@code config}, {@code edit}, VDOM) between lines.
 *
 * <p>A pure engine: no threads, no terminal. Lines are executed on the thread that owns the
 * appliance. {@code edit} blocks and singletons are staged as copies and validated before {@code
 * next}/{@code end} commits them, so a refused block leaves the configuration untouched.
 */
public final class CliSession {
  private final ConfigTree tree;
  private final CommandRegistry registry;
  private final Services services;
  private final ArrayDeque<Frame> frames = new ArrayDeque<>();
  private final StringBuilder continuation = new StringBuilder();
  private Runnable onYes;
  private Runnable onNo;
  private boolean autoConfirm;
  private boolean restoreMode;

  /**
   * The VDOMs an administrator of VDOM scope may enter (multi-VDOM only); null: any, and global.
   */
  private java.util.Set<String> allowedVdoms;

  private final TopLevel topLevel;
  private final CliHelp help;
  private final EditCommands edits;
  private final CliEcho echo;

  /** Per-console state of registered commands (e.g. the log filter); made on first use. */
  private Map<SessionKey<?>, Object> state;

  /**
   * @param services what registered commands reach through {@link CommandContext#service}
   */
  public CliSession(ConfigTree tree, CommandRegistry registry, Services services) {
    this.tree = tree;
    this.registry = registry;
    this.services = services;
    this.topLevel = new TopLevel(tree);
    this.help = new CliHelp(tree, registry, topLevel);
    this.edits = new EditCommands(tree, frames, this);
    this.echo = new CliEcho(registry);
    frames.push(Frame.top());
  }

  public CliSession(ConfigTree tree) {
    this(tree, new CommandRegistry(), Services.NONE);
  }

  public ConfigTree tree() {
    return tree;
  }

  /** Answer {@code y} to FortiOS's (y/n) questions without waiting for a line (scripts). */
  public void setAutoConfirm(boolean autoConfirm) {
    this.autoConfirm = autoConfirm;
  }

  /**
   * Restore mode, used when loading a configuration file: {@code config vdom}/{@code config global}
   * are accepted whatever the current VDOM mode, and no question is asked.
   */
  void setRestoreMode(boolean restoreMode) {
    this.restoreMode = restoreMode;
  }

  /**
   * The prompt for the next line: {@code FGVM01 # }, {@code FGVM01 (port1) # }, or "" while a
   * question or a multi-line quoted value waits for input.
   */
  public String prompt() {
    if (onYes != null || continuation.length() > 0) {
      return "";
    }
    String word = frames.peek().word();
    return tree.hostname() + (word == null ? " # " : " (" + word + ") # ");
  }

  /** Whether the last line left a quoted value open (a PEM blob continues on the next line). */
  public boolean inContinuation() {
    return continuation.length() > 0;
  }

  /** Whether every {@code config} block was closed: the top prompt, nothing pending. */
  boolean atTop() {
    return frames.size() == 1 && continuation.length() == 0 && onYes == null;
  }

  /** The VDOM commands run in: null in the global context of a multi-vdom appliance. */
  public String currentVdom() {
    for (Frame f : frames) {
      if (f.kind == Frame.Kind.VDOM) {
        return f.vdom;
      }
      if (f.kind == Frame.Kind.GLOBAL) {
        return null;
      }
    }
    return tree.multiVdom() ? null : ConfigTree.ROOT_VDOM;
  }

  /**
   * The line as a transcript should echo it: values of password attributes replaced by {@code *}
   * ({@code set scep-password *}). Call before {@link #execute}, in the same context.
   */
  public String masked(String line) {
    return echo.masked(frames.peek(), line, onYes == null && continuation.length() == 0);
  }

  /** Executes several lines (a script or a file); returns everything printed. */
  public String run(String script) {
    StringBuilder out = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      out.append(execute(line));
    }
    return out.toString();
  }

  /**
   * Confines the session to an administrator's VDOMs, as FortiOS does for a profile of VDOM scope
   * with VDOMs enabled: {@code config global}, {@code sudo global}, and entering or deleting any
   * other VDOM are refused. INFERENCE: the refusal's text and return code (-1) are not from the
   * reference.
   */
  public void restrictTo(java.util.Collection<String> vdoms) {
    allowedVdoms = java.util.Set.copyOf(vdoms);
  }

  private void requireVdom(String vdom) throws CliException {
    if (allowedVdoms != null
        && tree.multiVdom()
        && (vdom == null || !allowedVdoms.contains(vdom))) {
      throw new CliException("Permission denied.", ReturnCodes.NOT_PERMITTED);
    }
  }

  /**
   * Executes one line and returns what FortiOS would print for it (possibly empty). Never throws
   * for bad input: errors come back as FortiOS error text.
   */
  public String execute(String line) {
    if (onYes != null) {
      Runnable yes = onYes;
      Runnable no = onNo;
      onYes = null;
      onNo = null;
      if (line.trim().equalsIgnoreCase("y")) {
        yes.run();
      } else {
        no.run();
      }
      return "\n";
    }
    String text = line;
    if (continuation.length() > 0) {
      continuation.append('\n').append(line);
      if (line.indexOf('"') < 0 && line.indexOf('\'') < 0 && line.indexOf('\\') < 0) {
        // Without a quote or backslash this line cannot close the open value (a PEM line):
        // lexing the whole value again for each line made a long blob quadratic.
        return "";
      }
      text = continuation.toString();
    }
    CliLexer.Tokens t = CliLexer.tokenize(text);
    if (t.openQuote()) {
      if (continuation.length() == 0) {
        continuation.append(line);
      }
      return "";
    }
    continuation.setLength(0);
    if (t.words().isEmpty() || text.stripLeading().startsWith("#")) {
      return "";
    }
    for (String word : t.words()) {
      if (Quoting.firstControl(word) >= 0) {
        // ESC, NUL and the like never enter a value, whichever way the line came (console,
        // file, REST, SSH); the error shows the word escaped, not raw.
        return CliException.value(Quoting.printable(word)).render();
      }
    }
    try {
      String out = dispatch(t.words());
      return out.isEmpty() || out.endsWith("\n") || onYes != null ? out : out + "\n";
    } catch (CliException e) {
      return e.render();
    }
  }

  // ---------------------------------------------------------------- dispatch

  private String dispatch(List<String> w) throws CliException {
    Frame f = frames.peek();
    switch (f.kind) {
      case TOP, GLOBAL, VDOM:
        return scopeCommand(f, w);
      case VDOM_LIST:
        return vdomListCommand(w);
      case TABLE:
        return edits.tableCommand(f, w);
      default:
        return edits.objectCommand(f, w);
    }
  }

  private String scopeCommand(Frame f, List<String> w) throws CliException {
    String cmd = resolve(w.get(0), scopeCommands(f));
    if (cmd == null) {
      if (registry.hasRoot(w.get(0)) || registry.find(w) != null) {
        return runRegistry(w);
      }
      if (f.kind == Frame.Kind.TOP) {
        throw new CliException("Unknown action 0", ReturnCodes.NOT_PERMITTED);
      }
      throw CliException.parse(w.get(0));
    }
    switch (cmd) {
      case "config":
        return scopeConfig(f, w);
      case "show":
        return scopeShow(f, w);
      case "get":
        return scopeGet(f, w);
      case "sudo":
        return sudo(f, w);
      case "next":
        frames.pop();
        return "";
      case "end":
        while (frames.peek().kind != Frame.Kind.TOP) {
          frames.pop();
        }
        return "";
      default:
        throw CliException.parse(w.get(0));
    }
  }

  private List<String> scopeCommands(Frame f) {
    List<String> c = new ArrayList<>(List.of("config", "get", "show", "sudo"));
    if (f.kind != Frame.Kind.TOP) {
      c.add("end");
    }
    if (f.kind == Frame.Kind.VDOM) {
      c.add("next");
    }
    return c;
  }

  private String scopeConfig(Frame f, List<String> w) throws CliException {
    if (w.size() < 2) {
      throw CliException.parse("");
    }
    if (f.kind == Frame.Kind.TOP && (tree.multiVdom() || restoreMode)) {
      String word = resolve(w.get(1), List.of("global", "vdom"));
      if (word != null && w.size() == 2) {
        if (word.equals("global")) {
          requireVdom(null);
        }
        frames.push(word.equals("global") ? Frame.global() : Frame.vdomList());
        return "";
      }
    }
    TopLevel.PathMatch pm = resolveTop(f, w, 1);
    if (pm.consumed() + 1 != w.size()) {
      throw CliException.parse(w.get(pm.consumed() + 1));
    }
    NodeSchema top = pm.schema();
    ConfigObject scope = tree.scopeOf(top, scopeVdom(f));
    String label = top.scope() == NodeSchema.Scope.GLOBAL ? null : scopeVdom(f);
    if (top.isTable()) {
      frames.push(Frame.table(top, (ConfigTable) scope.child(top), true, label));
    } else {
      Object existing = scope.childIfPresent(top);
      ConfigObject staged =
          existing == null ? new ConfigObject(top) : ((ConfigObject) existing).copy();
      frames.push(Frame.object(top, staged, null, null, scope, true, label));
    }
    return "";
  }

  private String scopeShow(Frame f, List<String> w) throws CliException {
    int i = 1;
    boolean full = false;
    if (w.size() > 1 && "full-configuration".startsWith(w.get(1)) && w.get(1).length() >= 2) {
      full = true;
      i = 2;
    }
    StringBuilder out = new StringBuilder();
    if (w.size() == i) {
      showScope(out, f, full);
      return out.toString();
    }
    if (f.kind == Frame.Kind.TOP && tree.multiVdom()) {
      return registryOrParseError(w, i);
    }
    TopLevel.PathMatch pm = resolveTopOrNull(f, w, i);
    if (pm == null) {
      return registryOrParseError(w, i);
    }
    NodeSchema top = pm.schema();
    ConfigObject scope = tree.scopeOf(top, scopeVdom(f));
    int keyAt = i + pm.consumed();
    if (keyAt == w.size()) {
      Object node = scope.childIfPresent(top);
      if (full || !ConfigPrinter.isEmpty(node) || top.isTable()) {
        ConfigPrinter.showNode(out, top, node, full, 0);
      }
      return out.toString();
    }
    if (!top.isTable() || keyAt + 1 != w.size()) {
      throw CliException.parse(w.get(keyAt));
    }
    ConfigTable t = (ConfigTable) scope.child(top);
    String key = canonicalKey(top, w.get(keyAt));
    ConfigObject entry = t.get(key);
    if (entry == null) {
      throw CliException.notFound();
    }
    ConfigPrinter.showWrappedEntry(out, top, key, entry, full);
    return out.toString();
  }

  private String scopeGet(Frame f, List<String> w) throws CliException {
    if (w.size() == 1) {
      throw CliException.parse("");
    }
    TopLevel.PathMatch pm =
        f.kind == Frame.Kind.TOP && tree.multiVdom() ? null : resolveTopOrNull(f, w, 1);
    if (pm == null) {
      return registryOrParseError(w, 1);
    }
    CommandRegistry.Match command = registry.find(w);
    if (command != null && command.command().path().split(" ").length > 1 + pm.consumed()) {
      // A registered command below a table path (get vpn certificate local details): the
      // command, not an entry named like its next word.
      return runRegistry(w);
    }
    NodeSchema top = pm.schema();
    ConfigObject scope = tree.scopeOf(top, scopeVdom(f));
    int keyAt = 1 + pm.consumed();
    StringBuilder out = new StringBuilder();
    if (!top.isTable()) {
      if (keyAt != w.size()) {
        throw CliException.parse(w.get(keyAt));
      }
      Object node = scope.childIfPresent(top);
      ConfigPrinter.get(out, node == null ? new ConfigObject(top) : (ConfigObject) node, null, "");
      return out.toString();
    }
    ConfigTable t = (ConfigTable) scope.child(top);
    if (keyAt == w.size()) {
      ConfigPrinter.getTable(out, t);
      return out.toString();
    }
    if (keyAt + 1 != w.size()) {
      throw CliException.parse(w.get(keyAt + 1));
    }
    String key = canonicalKey(top, w.get(keyAt));
    ConfigObject entry = t.get(key);
    if (entry == null) {
      throw CliException.notFound();
    }
    ConfigPrinter.get(out, entry, key, "");
    return out.toString();
  }

  private String registryOrParseError(List<String> w, int badAt) throws CliException {
    if (registry.find(w) != null) {
      return runRegistry(w);
    }
    throw CliException.parse(w.get(Math.min(badAt, w.size() - 1)));
  }

  private String sudo(Frame f, List<String> w) throws CliException {
    if (w.size() < 3) {
      throw CliException.parse(w.size() < 2 ? "" : w.get(1));
    }
    String target = w.get(1);
    requireVdom(target.equals("global") ? null : target);
    Frame scope;
    if (target.equals("global")) {
      scope = Frame.global();
    } else if (tree.vdom(target) != null) {
      scope = Frame.vdom(target);
    } else {
      throw CliException.notFound();
    }
    List<String> rest = w.subList(2, w.size());
    String cmd = resolve(rest.get(0), List.of("get", "show"));
    frames.push(scope);
    try {
      if (cmd == null) {
        return runRegistry(rest);
      }
      return cmd.equals("get") ? scopeGet(scope, rest) : scopeShow(scope, rest);
    } finally {
      frames.pop();
    }
  }

  private String runRegistry(List<String> w) throws CliException {
    CommandRegistry.Match m = registry.find(w);
    if (m == null) {
      throw CliException.parse(w.get(w.size() - 1));
    }
    try {
      return m.command()
          .handler()
          .run(new CommandContext(tree, currentVdom(), this, services), m.args());
    } catch (RuntimeException e) {
      // A failing feature must not take the console down; say what broke.
      throw new CliException(m.command().path() + ": " + e, ReturnCodes.NOT_PERMITTED);
    }
  }

  private String vdomListCommand(List<String> w) throws CliException {
    String cmd = resolve(w.get(0), List.of("edit", "delete", "end", "show", "get"));
    if (cmd == null) {
      throw CliException.parse(w.get(0));
    }
    switch (cmd) {
      case "end":
        frames.pop();
        return "";
      case "edit":
        {
          String name = oneArg(w);
          requireVdom(name);
          if (name.length() > 31 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw CliException.value(name);
          }
          if (tree.vdom(name) == null) {
            tree.createVdom(name);
          }
          frames.push(Frame.vdom(name));
          return "current vf=" + name + ":" + tree.vdomNames().indexOf(name) + "\n";
        }
      case "delete":
        {
          String name = oneArg(w);
          requireVdom(name);
          if (tree.vdom(name) == null) {
            throw CliException.notFound();
          }
          if (name.equals(ConfigTree.ROOT_VDOM)) {
            // root always exists (fortios.md §7).
            throw new CliException("vdom " + name + " is in use", ReturnCodes.NOT_PERMITTED);
          }
          // Interfaces, administrators, the management VDOM... that name it keep it.
          int users = Datasources.usersOf("vdom", name, frames, tree);
          if (users > 0) {
            throw Datasources.inUse(users);
          }
          tree.deleteVdom(name);
          return "";
        }
      default:
        {
          StringBuilder out = new StringBuilder();
          for (String v : tree.vdomNames()) {
            out.append("== [ ").append(v).append(" ]\nname: ").append(v).append('\n');
          }
          return out.toString();
        }
    }
  }

  /**
   * State a registered command keeps for this console only ({@code execute log filter}): the value
   * set under {@code key}, or the key's initial value. Same thread as {@link #execute}.
   */
  public <T> T state(SessionKey<T> key) {
    if (state == null || !state.containsKey(key)) {
      return key.initial();
    }
    @SuppressWarnings("unchecked") // setState puts only a T under a SessionKey<T>
    T value = (T) state.get(key);
    return value;
  }

  /** Replaces the state kept under {@code key} (see {@link #state}). */
  public <T> void setState(SessionKey<T> key, T value) {
    if (state == null) {
      state = new HashMap<>(4);
    }
    state.put(key, value);
  }

  /**
   * Asks a FortiOS (y/n) question; {@code yes} runs on {@code y} (at once in scripts). Registered
   * commands return its result as their output.
   */
  public String confirm(String question, Runnable yes, Runnable no) {
    if (restoreMode) {
      yes.run();
      return "";
    }
    if (autoConfirm) {
      yes.run();
      return question + "y\n";
    }
    onYes = yes;
    onNo = no;
    return question;
  }

  boolean restoreMode() {
    return restoreMode;
  }

  // ---------------------------------------------------------------- resolution helpers

  static String oneArg(List<String> w) throws CliException {
    if (w.size() < 2) {
      throw CliException.parse("");
    }
    if (w.size() > 2) {
      throw CliException.parse(w.get(2));
    }
    return w.get(1);
  }

  static String canonicalKey(NodeSchema s, String raw) throws CliException {
    if (raw.isEmpty()) {
      throw CliException.value(raw);
    }
    return s.keyType().parse(List.of(raw));
  }

  /** Exact word, else the only candidate it abbreviates, else null. */
  static String resolve(String word, List<String> candidates) {
    if (candidates.contains(word)) {
      return word;
    }
    String found = null;
    for (String c : candidates) {
      if (c.startsWith(word)) {
        if (found != null) {
          return null;
        }
        found = c;
      }
    }
    return found;
  }

  private String scopeVdom(Frame f) {
    return TopLevel.scopeVdom(f);
  }

  private List<NodeSchema> topsFor(Frame f) {
    return topLevel.topsFor(f);
  }

  private TopLevel.PathMatch resolveTop(Frame f, List<String> w, int from) throws CliException {
    TopLevel.PathMatch pm = topLevel.resolve(f, w, from);
    if (pm == null) {
      throw CliException.parse(w.get(Math.min(from + 1, w.size() - 1)));
    }
    return pm;
  }

  private TopLevel.PathMatch resolveTopOrNull(Frame f, List<String> w, int from) {
    return topLevel.resolve(f, w, from);
  }

  private void showScope(StringBuilder out, Frame f, boolean full) {
    topLevel.show(out, f, full);
  }

  /** Words that can complete the last word of {@code partialLine} in the current context. */
  public List<String> complete(String partialLine) {
    return help.complete(frames.peek(), partialLine);
  }

  /**
   * The {@code ?} help for what may follow {@code partialLine}: one {@code word help} line each.
   */
  public String help(String partialLine) {
    return help.help(frames.peek(), partialLine);
  }
}
