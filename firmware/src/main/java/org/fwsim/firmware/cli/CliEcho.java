package org.fwsim.firmware.cli;

import java.util.List;

/**
 * How a command line is echoed in a transcript: the values of password attributes and the secret
 * arguments of registered commands become {@code *}, so a challenge typed at the console never
 * reaches a log or a saved session.
 */
final class CliEcho {
  private final CommandRegistry registry;

  CliEcho(CommandRegistry registry) {
    this.registry = registry;
  }

  /**
   * The line as a transcript should echo it: values of password attributes replaced by {@code *}
   * ({@code set scep-password *}), in the context {@code f}.
   *
   * @param commandLine whether the line is a command of its own (not an answer to a (y/n) question
   *     nor the rest of an open quoted value), so a registered command's secret arguments apply
   */
  String masked(Frame f, String line, boolean commandLine) {
    CliLexer.Tokens t = CliLexer.tokenize(line);
    List<String> w = t.words();
    if (f.kind != Frame.Kind.OBJECT && commandLine) {
      String command = maskedCommand(w);
      if (command != null) {
        return command;
      }
    }
    if (f.kind != Frame.Kind.OBJECT
        || w.size() < 3
        || CliSession.resolve(w.get(0), List.of("set", "select", "append")) == null) {
      return line;
    }
    String name =
        CliSession.resolve(w.get(1), f.schema.attributes().stream().map(Attribute::name).toList());
    Attribute a = name == null ? null : f.schema.attribute(name);
    if (a == null
        || !(a.type() instanceof ValueType.Password)
        || (w.size() == 4 && w.get(2).equals("ENC"))) {
      return line;
    }
    return line.substring(0, line.indexOf(w.get(1)) + w.get(1).length()) + " *";
  }

  /**
   * A registered command with a password argument ({@code execute vpn certificate local generate
   * ... <challenge>}), echoed with that argument as {@code *}; null for any other line.
   */
  private String maskedCommand(List<String> w) {
    CommandRegistry.Match m = w.isEmpty() ? null : registry.find(w);
    if (m == null) {
      return null;
    }
    List<ArgSpec> specs = m.command().args();
    boolean secret = false;
    for (int i = 0; i < m.args().size() && i < specs.size(); i++) {
      secret |= specs.get(i).secret();
    }
    if (!secret) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    int first = w.size() - m.args().size();
    for (int i = 0; i < w.size(); i++) {
      int arg = i - first;
      String word =
          arg >= 0 && arg < specs.size() && specs.get(arg).secret()
              ? "*"
              : w.get(i).isEmpty() || w.get(i).matches(".*[\\s\"'\\\\].*")
                  ? Quoting.quote(w.get(i))
                  : w.get(i);
      b.append(i == 0 ? "" : " ").append(word);
    }
    return b.toString();
  }
}
