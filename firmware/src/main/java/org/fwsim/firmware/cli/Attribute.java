package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One attribute of a configuration object ({@code set <name> <value>}): its type, default, help
 * text and flags. Immutable, shared by every appliance.
 *
 * <p>A single value is stored as its canonical {@code String}; a multi-value attribute as an
 * immutable {@code List<String>} of canonical elements.
 *
 * @param defaultValue canonical default ({@code String}, {@code List<String>} or null when there is
 *     none)
 * @param readOnly set by the firmware only ({@code state}); not settable, not in {@code show}
 * @param setOnCreate the default is written into a new entry as if it had been set, so {@code show}
 *     prints it ({@code set vdom "root"} on interfaces, as FortiOS does)
 */
public record Attribute(
    String name,
    ValueType type,
    boolean multi,
    Object defaultValue,
    boolean readOnly,
    boolean setOnCreate,
    Ref ref,
    String help) {
  /** Other configuration this attribute's value must name. */
  public enum Ref {
    NONE,
    /** A VDOM that exists ({@code config vdom}). */
    VDOM
  }

  /** A canonical value as {@code get} prints it (a password as {@code *}). */
  public String display(String canonical) {
    return type.get(canonical);
  }

  /** Whether the value is a number (an integer range), so JSON carries it unquoted. */
  public boolean numeric() {
    return type instanceof ValueType.Int;
  }

  /** Whether the value is free text, so a REST value is one CLI word even with spaces. */
  public boolean text() {
    return type instanceof ValueType.Text || type instanceof ValueType.Password;
  }

  /** Parses {@code set} arguments to the stored form. */
  Object parse(List<String> args) throws CliException {
    if (!multi) {
      return type.parse(args);
    }
    if (args.isEmpty()) {
      throw new CliException("value parse error before ''", ReturnCodes.INVALID);
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    int i = 0;
    while (i < args.size()) {
      int n = type.arity(args, i);
      if (i + n > args.size()) {
        throw CliException.value(args.get(i));
      }
      out.add(type.parse(args.subList(i, i + n)));
      i += n;
    }
    return List.copyOf(out);
  }

  /** Adds parsed elements to an existing multi value ({@code append}). */
  Object append(Object current, List<String> args) throws CliException {
    List<String> added = elements("append", args);
    LinkedHashSet<String> out = new LinkedHashSet<>(asList(current));
    out.addAll(added);
    return List.copyOf(out);
  }

  /** Removes parsed elements from a multi value ({@code unselect}). */
  Object remove(Object current, List<String> args) throws CliException {
    List<String> removed = elements("unselect", args);
    List<String> out = new ArrayList<>(asList(current));
    out.removeAll(removed);
    return List.copyOf(out);
  }

  /** The parsed elements {@code command} adds or removes; a single value has none to edit. */
  private List<String> elements(String command, List<String> args) throws CliException {
    if (!multi) {
      throw CliException.parse(command);
    }
    @SuppressWarnings("unchecked")
    List<String> elements = (List<String>) parse(args);
    return elements;
  }

  /** Text after {@code set name } in {@code show}; empty multi values print nothing. */
  String show(Object value) {
    return text(value, type::show);
  }

  /** Text after {@code name : } in {@code get}. */
  String get(Object value) {
    return value == null ? "" : text(value, type::get);
  }

  /**
   * A single value as {@code format} writes it, or a multi value's elements so, space-separated.
   */
  private String text(Object value, UnaryOperator<String> format) {
    if (!multi) {
      return format.apply((String) value);
    }
    StringBuilder b = new StringBuilder();
    for (String e : asList(value)) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(format.apply(e));
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  static List<String> asList(Object value) {
    return value == null ? List.of() : (List<String>) value;
  }

  @Override
  public String toString() {
    return name;
  }
}
