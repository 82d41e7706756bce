package org.fwsim.firmware.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a feature's CLI schema file: the help of each command path and word, and each command's
 * arguments, kept as data beside the feature as FortiOS keeps its CLI schema. The code then binds
 * only handlers, by path ({@link CommandRegistry#bind}).
 *
 * <pre>
 * # a comment
 * execute vpn certificate: Certificate commands.           (a word or a command: its help)
 * execute vpn certificate local generate rsa: Generate ...
 *   name: Local certificate name.                          (its arguments, in order)
 *   key {1024|2048}: Key size.                             (fixed choices for completion)
 *   challenge (secret): Challenge password.                (masked in transcripts)
 *   &#64;subject-name                                          (a group of arguments, inlined)
 * &#64;subject-name:                                           (defines that group)
 *   subject: Subject.
 * </pre>
 *
 * A group is known to every file read after the one defining it.
 */
final class CommandSchema {

  /** One path of the file with its help and arguments (empty for a word). */
  record Entry(String path, String help, List<ArgSpec> args) {}

  private CommandSchema() {}

  /**
   * The entries of resource {@code name} beside {@code feature}; groups defined go to {@code
   * groups}.
   */
  static List<Entry> read(Class<?> feature, String name, Map<String, List<ArgSpec>> groups) {
    try (InputStream in = feature.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no CLI schema " + name + " beside " + feature.getName());
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), groups);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Entry> parse(String text, Map<String, List<ArgSpec>> groups) {
    List<Entry> entries = new ArrayList<>();
    String path = null;
    String help = null;
    List<ArgSpec> args = null;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("  ")) {
        if (args == null) {
          throw new IllegalArgumentException("an argument before any path: " + line);
        }
        String arg = line.strip();
        if (arg.startsWith("@")) {
          List<ArgSpec> group = groups.get(arg.substring(1));
          if (group == null) {
            throw new IllegalArgumentException("unknown argument group " + arg);
          }
          args.addAll(group);
        } else {
          args.add(argument(arg));
        }
        continue;
      }
      add(entries, groups, path, help, args);
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("no ':' after the path: " + line);
      }
      path = line.substring(0, colon).strip();
      help = line.substring(colon + 1).strip();
      args = new ArrayList<>();
    }
    add(entries, groups, path, help, args);
    return entries;
  }

  private static void add(
      List<Entry> entries,
      Map<String, List<ArgSpec>> groups,
      String path,
      String help,
      List<ArgSpec> args) {
    if (path == null) {
      return;
    }
    if (path.startsWith("@")) {
      groups.put(path.substring(1), List.copyOf(args));
    } else {
      entries.add(new Entry(path, help, List.copyOf(args)));
    }
  }

  /** {@code name: help}, {@code name {a|b}: help} or {@code name (secret): help}. */
  private static ArgSpec argument(String line) {
    int colon = line.indexOf(": ");
    if (colon < 0) {
      throw new IllegalArgumentException("no ': ' after the argument: " + line);
    }
    String head = line.substring(0, colon).strip();
    String help = line.substring(colon + 2).strip();
    int space = head.indexOf(' ');
    if (space < 0) {
      return ArgSpec.of(head, help);
    }
    String name = head.substring(0, space);
    String rest = head.substring(space + 1).strip();
    if (rest.equals("(secret)")) {
      return ArgSpec.secret(name, help);
    }
    if (rest.startsWith("{") && rest.endsWith("}")) {
      return ArgSpec.of(name, help, rest.substring(1, rest.length() - 1).split("\\|"));
    }
    throw new IllegalArgumentException("bad argument: " + line);
  }
}
