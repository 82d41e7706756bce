package org.fwsim.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fwsim.hal.net.Ip4;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: {@code show full-configuration} of any configuration, fed back into a factory-default
 * appliance, rebuilds the same tree. Configurations are generated from the schema with a seeded
 * random source and typed through the CLI (so the parser is exercised with both address syntaxes,
 * quoting, escapes, multi-line blobs, secrets and nested blocks).
 */
class RoundTripTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void fullConfigurationRebuildsTheSameTree(long seed) throws Exception {
    Random rnd = new Random(seed);
    ConfigTree tree = new ConfigTree();
    CliSession cli = new CliSession(tree);
    cli.setAutoConfirm(true);
    List<String> vdoms = new ArrayList<>(List.of("root"));
    boolean multi = rnd.nextBoolean();
    if (multi) {
      cli.run("config system global\nset vdom-mode multi-vdom\nend");
      cli.execute("config vdom");
      for (int i = 0, n = 1 + rnd.nextInt(2); i < n; i++) {
        String v = "vd" + i;
        cli.run("edit " + v + "\nnext");
        vdoms.add(v);
      }
      cli.execute("end");
    }
    StringBuilder script = new StringBuilder();
    for (NodeSchema top : FortiSchema.ROOT.children()) {
      if (top.name().equals("system global")) {
        script.append("config system global\n");
        script.append("set hostname ").append(Quoting.quote(text(rnd, 12))).append('\n');
        script.append("set admintimeout ").append(1 + rnd.nextInt(480)).append('\n');
        script.append("end\n");
        continue;
      }
      List<String> scopes = top.scope() == NodeSchema.Scope.GLOBAL ? List.of("") : vdoms;
      for (String v : scopes) {
        StringBuilder body = new StringBuilder();
        node(rnd, top, body, vdoms);
        script.append(wrap(multi, top, v, body.toString()));
      }
    }
    cli.run(script.toString());

    String full = ConfigFiles.fullConfiguration(tree);
    ConfigTree reloaded = new ConfigTree();
    ConfigFiles.load(reloaded, new StringReader(full));
    assertEquals(full, ConfigFiles.fullConfiguration(reloaded), "seed " + seed);
    String show = new CliSession(tree).execute("show");
    assertEquals(show, new CliSession(reloaded).execute("show"));
    // The generator must really have produced configuration, secrets and blobs included.
    assertTrue(show.lines().count() > 60, "seed " + seed + " generated too little:\n" + show);
    assertTrue(show.contains(" ENC ") && show.contains("-----BEGIN X-----\n"), show);
    assertEquals(tree.view(), reloaded.view());
  }

  private static String wrap(boolean multi, NodeSchema top, String vdom, String body) {
    if (!multi) {
      return body;
    }
    return top.scope() == NodeSchema.Scope.GLOBAL
        ? "config global\n" + body + "end\n"
        : "config vdom\nedit " + vdom + "\n" + body + "end\n";
  }

  /** {@code config <node>} with random content, ending with {@code end}. */
  private static void node(Random rnd, NodeSchema s, StringBuilder out, List<String> vdoms) {
    out.append("config ").append(s.name()).append('\n');
    if (s.isTable()) {
      for (int i = 0, n = rnd.nextInt(4); i < n; i++) {
        String key =
            s.kind() == NodeSchema.Kind.NUMBERED_TABLE
                ? (rnd.nextBoolean() ? "0" : Long.toString(1 + rnd.nextInt(30)))
                : Quoting.quote(text(rnd, Math.min(12, ((ValueType.Text) s.keyType()).maxLength)));
        out.append("edit ").append(key).append('\n');
        body(rnd, s, out, vdoms);
        out.append("next\n");
      }
    } else {
      body(rnd, s, out, vdoms);
    }
    out.append("end\n");
  }

  private static void body(Random rnd, NodeSchema s, StringBuilder out, List<String> vdoms) {
    for (Attribute a : s.attributes()) {
      if (a.readOnly() || rnd.nextInt(3) != 0) {
        continue;
      }
      if (a.ref() == Attribute.Ref.VDOM) {
        out.append("set ")
            .append(a.name())
            .append(' ')
            .append(vdoms.get(rnd.nextInt(vdoms.size())))
            .append('\n');
        continue;
      }
      out.append("set ").append(a.name());
      for (int i = 0, n = a.multi() ? 1 + rnd.nextInt(3) : 1; i < n; i++) {
        out.append(' ').append(value(rnd, a.type()));
      }
      out.append('\n');
      if (rnd.nextInt(10) == 0) {
        out.append("unset ").append(a.name()).append('\n');
      }
    }
    for (NodeSchema c : s.children()) {
      if (rnd.nextBoolean()) {
        node(rnd, c, out, vdoms);
      }
    }
  }

  private static String value(Random rnd, ValueType t) {
    if (t instanceof ValueType.Text x) {
      return Quoting.quote(text(rnd, Math.min(x.maxLength, 20)));
    }
    if (t instanceof ValueType.Int x) {
      long span = x.max - x.min;
      return Long.toString(x.min + (long) (rnd.nextDouble() * span));
    }
    if (t instanceof ValueType.Choice x) {
      return x.options().get(rnd.nextInt(x.options().size()));
    }
    if (t instanceof ValueType.Ipv4) {
      return Ip4.toString(rnd.nextInt());
    }
    if (t instanceof ValueType.Ipv4Mask x) {
      int len = rnd.nextInt(33);
      int addr = rnd.nextInt() & (x.classnet ? Ip4.mask(len) : -1);
      return rnd.nextBoolean()
          ? Ip4.toString(addr) + "/" + len
          : Ip4.toString(addr) + " " + Ip4.toString(Ip4.mask(len));
    }
    if (t instanceof ValueType.Password) {
      return rnd.nextBoolean()
          ? Quoting.quote(text(rnd, 16))
          : "ENC " + Secrets.conceal(text(rnd, 16));
    }
    // Blob: a PEM-like text over several lines.
    return Quoting.quote("-----BEGIN X-----\n" + text(rnd, 30) + "\n-----END X-----");
  }

  /** Printable text including blanks, quotes and backslashes, 1..max characters. */
  private static String text(Random rnd, int max) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABC0123456789-_./: \"'\\";
    int n = 1 + rnd.nextInt(Math.max(1, max));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
