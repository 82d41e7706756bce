package org.fwsim.firmware.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands typed inside a table ({@code edit}, {@code delete}, {@code purge}, {@code rename})
 * and inside a staged object ({@code set}, {@code unset}, {@code append}, {@code select}, {@code
 * next}, {@code end}, {@code abort}, nested {@code config}), with the validation that decides
 * whether a staged block is committed.
 */
final class EditCommands {
  private static final String LOGOUT_QUESTION =
      "\nYou will be logged out for the operation to take effect.\nDo you want to continue? (y/n)";
  private static final String PURGE_QUESTION =
      "This operation will clear all table!\nDo you want to continue? (y/n)";

  private final ConfigTree tree;
  private final ArrayDeque<Frame> frames;
  private final CliSession session;

  EditCommands(ConfigTree tree, ArrayDeque<Frame> frames, CliSession session) {
    this.tree = tree;
    this.frames = frames;
    this.session = session;
  }

  String tableCommand(Frame f, List<String> w) throws CliException {
    String cmd = CliSession.resolve(w.get(0), tableCommands(f.schema));
    if (cmd == null) {
      throw CliException.parse(w.get(0));
    }
    NodeSchema s = f.schema;
    ConfigTable table = f.table;
    StringBuilder out = new StringBuilder();
    switch (cmd) {
      case "end":
        frames.pop();
        return "";
      case "edit":
        {
          String key = CliSession.canonicalKey(s, CliSession.oneArg(w));
          if (s.kind() == NodeSchema.Kind.NUMBERED_TABLE && key.equals("0")) {
            key = table.nextKey();
          }
          ConfigObject existing = table.get(key);
          if (existing == null) {
            // config sla inside an SD-WAN rule: an entry is named after a health check.
            Datasources.check(
                Datasources.keyReference(Datasources.path(frames)), key, null, frames, tree);
          }
          ConfigObject staged;
          if (existing != null) {
            staged = existing.copy();
          } else {
            staged = new ConfigObject(s);
            for (Attribute a : s.attributes()) {
              if (a.setOnCreate()) {
                staged.set(a, a.defaultValue());
              }
            }
          }
          frames.push(Frame.object(s, staged, key, table, null, f.top, f.vdom));
          return "";
        }
      case "delete":
        {
          String key = CliSession.canonicalKey(s, CliSession.oneArg(w));
          if (table.get(key) == null) {
            throw CliException.notFound();
          }
          int users = Datasources.usersOf(Datasources.path(frames), key, frames, tree);
          if (users > 0) {
            throw Datasources.inUse(users);
          }
          table.remove(key);
          committedIfTop(f, key);
          return "";
        }
      case "purge":
        if (w.size() != 1) {
          throw CliException.parse(w.get(1));
        }
        Datasources.checkPurge(Datasources.path(frames), table, frames, tree);
        return session.confirm(
            PURGE_QUESTION,
            () -> {
              table.clear();
              committedIfTop(f, null);
            },
            () -> {});
      case "rename":
        {
          if (w.size() != 4 || !w.get(2).equals("to")) {
            throw CliException.parse(w.size() > 2 ? w.get(2) : "");
          }
          String from = CliSession.canonicalKey(s, w.get(1));
          String to = CliSession.canonicalKey(s, w.get(3));
          if (table.get(from) == null) {
            throw CliException.notFound();
          }
          if (table.get(to) != null) {
            throw CliException.value(w.get(3));
          }
          String path = Datasources.path(frames);
          Datasources.check(Datasources.keyReference(path), to, null, frames, tree);
          table.rename(from, to);
          committedIfTop(f, null);
          Datasources.renameUses(path, from, to, frames, tree);
          return "";
        }
      case "show":
        {
          boolean full = w.size() > 1 && "full-configuration".startsWith(w.get(1));
          ConfigPrinter.showNode(out, s, table, full, 0);
          return out.toString();
        }
      default:
        ConfigPrinter.getTable(out, table);
        return out.toString();
    }
  }

  /**
   * Whether entries of a table can be renamed. Not in {@code config system interface}: an interface
   * keeps its name (INFERENCE, fortios.md is silent: FortiOS offers {@code alias} for another name,
   * and a physical port's name is its hardware's), so the word is a parse error there.
   */
  static boolean renames(NodeSchema s) {
    return !s.name().equals("system interface");
  }

  private static List<String> tableCommands(NodeSchema s) {
    return renames(s)
        ? List.of("edit", "delete", "purge", "rename", "get", "show", "end")
        : List.of("edit", "delete", "purge", "get", "show", "end");
  }

  String objectCommand(Frame f, List<String> w) throws CliException {
    List<String> cmds =
        new ArrayList<>(
            List.of(
                "set",
                "unset",
                "append",
                "select",
                "unselect",
                "get",
                "show",
                "end",
                "abort",
                "config"));
    if (f.key != null) {
      cmds.add("next");
    }
    String cmd = CliSession.resolve(w.get(0), cmds);
    if (cmd == null) {
      throw CliException.parse(w.get(0));
    }
    ConfigObject staged = f.staged;
    StringBuilder out = new StringBuilder();
    switch (cmd) {
      case "set":
      case "select":
        {
          Attribute a = attribute(f, w);
          Object v = a.parse(w.subList(2, w.size()));
          Datasources.check(datasource(a), v, a.defaultValue(), frames, tree);
          staged.set(a, v);
          return "";
        }
      case "unset":
        {
          Attribute a = attribute(f, w);
          if (w.size() > 2) {
            throw CliException.parse(w.get(2));
          }
          staged.set(a, null);
          return "";
        }
      case "append":
        {
          Attribute a = attribute(f, w);
          Object v = a.append(staged.effective(a), w.subList(2, w.size()));
          Datasources.check(datasource(a), v, a.defaultValue(), frames, tree);
          staged.set(a, v);
          return "";
        }
      case "unselect":
        {
          Attribute a = attribute(f, w);
          staged.set(a, a.remove(staged.effective(a), w.subList(2, w.size())));
          return "";
        }
      case "config":
        return objectConfig(f, w);
      case "next":
        frames.pop();
        commitEntry(f);
        return "";
      case "end":
        if (f.key != null) {
          frames.pop();
          frames.pop();
          commitEntry(f);
          return "";
        }
        return endSingleton(f);
      case "abort":
        frames.pop();
        if (f.key != null) {
          frames.pop();
        }
        return "";
      case "show":
        {
          boolean full = w.size() > 1 && "full-configuration".startsWith(w.get(1));
          if (f.key != null) {
            ConfigPrinter.showWrappedEntry(out, f.schema, f.key, staged, full);
          } else {
            ConfigPrinter.showNode(out, f.schema, staged, full, 0);
          }
          return out.toString();
        }
      default:
        ConfigPrinter.get(out, staged, f.key, "");
        return out.toString();
    }
  }

  private String objectConfig(Frame f, List<String> w) throws CliException {
    if (w.size() != 2) {
      throw CliException.parse(w.size() < 2 ? "" : w.get(2));
    }
    List<String> names = new ArrayList<>();
    for (NodeSchema c : f.schema.children()) {
      names.add(c.name());
    }
    String name = CliSession.resolve(w.get(1), names);
    if (name == null) {
      throw CliException.parse(w.get(1));
    }
    NodeSchema c = f.schema.child(name);
    if (c.isTable()) {
      frames.push(Frame.table(c, (ConfigTable) f.staged.child(c), false, f.vdom));
    } else {
      Object existing = f.staged.childIfPresent(c);
      ConfigObject staged =
          existing == null ? new ConfigObject(c) : ((ConfigObject) existing).copy();
      frames.push(Frame.object(c, staged, null, null, f.staged, false, f.vdom));
    }
    return "";
  }

  private void commitEntry(Frame f) throws CliException {
    validate(f.schema, f.staged);
    f.targetTable.put(f.key, f.staged);
    committedIfTop(f, f.key);
  }

  private String endSingleton(Frame f) throws CliException {
    frames.pop();
    validate(f.schema, f.staged);
    Runnable commit =
        () -> {
          f.parent.replaceChild(f.schema, f.staged);
          if (f.top) {
            tree.committed(f.vdom, f.schema.name());
          }
        };
    if (f.top && f.schema.name().equals("system global")) {
      boolean wasMulti = tree.multiVdom();
      boolean nowMulti = f.staged.text("vdom-mode").equals("multi-vdom");
      if (wasMulti && !nowMulti && tree.vdomNames().size() > 1) {
        throw checkFailed("vdom-mode");
      }
      if (wasMulti != nowMulti && !session.restoreMode()) {
        // FortiOS logs the administrator out; the session restarts at the top prompt.
        return session.confirm(
            LOGOUT_QUESTION,
            () -> {
              commit.run();
              frames.clear();
              frames.push(Frame.top());
            },
            () -> {});
      }
    }
    commit.run();
    return "";
  }

  private void validate(NodeSchema s, ConfigObject staged) throws CliException {
    String reason = s.validator().check(staged);
    if (reason != null) {
      throw checkFailed(reason);
    }
  }

  private static CliException checkFailed(String attribute) {
    return new CliException(
        "node_check_object fail! for " + attribute + " \n", ReturnCodes.CHECK_FAILED);
  }

  /** The datasource reference {@code a} makes where the session is, or null. */
  private Datasources.Reference datasource(Attribute a) {
    Datasources.Reference r = Datasources.of(Datasources.path(frames), a.name());
    return r != null && session.restoreMode() && Datasources.forward(r) ? null : r;
  }

  private Attribute attribute(Frame f, List<String> w) throws CliException {
    if (w.size() < 2) {
      throw CliException.parse("");
    }
    List<String> names = new ArrayList<>();
    for (Attribute a : f.schema.attributes()) {
      if (!a.readOnly()) {
        names.add(a.name());
      }
    }
    String name = CliSession.resolve(w.get(1), names);
    if (name == null) {
      throw CliException.parse(w.get(1));
    }
    return f.schema.attribute(name);
  }

  /** Publishes a commit to a top-level table; {@code key} names its one changed entry, if one. */
  private void committedIfTop(Frame f, String key) {
    if (f.top) {
      tree.committed(f.vdom, f.schema.name(), key);
    }
  }
}
