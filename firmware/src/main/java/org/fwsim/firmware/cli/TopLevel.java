package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The top-level {@code config} paths seen from a scope (no-vdom top, {@code config global}, a
 * VDOM): which are reachable, which one a typed path names, and {@code show} of a whole scope.
 */
final class TopLevel {
  private final ConfigTree tree;

  TopLevel(ConfigTree tree) {
    this.tree = tree;
  }

  static String scopeVdom(Frame f) {
    return f.kind == Frame.Kind.VDOM ? f.vdom : ConfigTree.ROOT_VDOM;
  }

  /** Top-level nodes reachable from a scope frame. */
  List<NodeSchema> topsFor(Frame f) {
    List<NodeSchema> out = new ArrayList<>();
    for (NodeSchema c : FortiSchema.ROOT.children()) {
      boolean ok =
          switch (f.kind) {
            case TOP -> !tree.multiVdom();
            case GLOBAL -> c.scope() == NodeSchema.Scope.GLOBAL;
            case VDOM -> c.scope() == NodeSchema.Scope.VDOM;
            default -> false;
          };
      if (ok) {
        out.add(c);
      }
    }
    return out;
  }

  record PathMatch(NodeSchema schema, int consumed) {}

  /** The top-level node named by {@code w[from..]} (words may be abbreviated), or null. */
  PathMatch resolve(Frame f, List<String> w, int from) {
    List<NodeSchema> exact = new ArrayList<>();
    List<NodeSchema> prefix = new ArrayList<>();
    for (NodeSchema c : topsFor(f)) {
      String[] words = c.name().split(" ");
      if (w.size() - from < words.length) {
        continue;
      }
      boolean all = true;
      boolean allExact = true;
      for (int j = 0; j < words.length; j++) {
        String t = w.get(from + j);
        if (!words[j].startsWith(t)) {
          all = false;
          break;
        }
        allExact &= words[j].equals(t);
      }
      if (all) {
        (allExact ? exact : prefix).add(c);
      }
    }
    List<NodeSchema> pick = !exact.isEmpty() ? exact : prefix;
    if (pick.size() != 1) {
      return null;
    }
    return new PathMatch(pick.get(0), pick.get(0).name().split(" ").length);
  }

  /** {@code show} of a whole scope; at the top of a multi-vdom appliance, the file layout. */
  void show(StringBuilder out, Frame f, boolean full) {
    if (f.kind == Frame.Kind.TOP && tree.multiVdom()) {
      out.append("config vdom\n");
      for (String v : tree.vdomNames()) {
        out.append("edit ").append(v).append("\nnext\n");
      }
      out.append("end\n");
      out.append("config global\n");
      showTops(out, Frame.global(), full);
      out.append("end\n");
      out.append("config vdom\n");
      for (String v : tree.vdomNames()) {
        out.append("edit ").append(v).append('\n');
        showTops(out, Frame.vdom(v), full);
        out.append("next\n");
      }
      out.append("end\n");
      return;
    }
    showTops(out, f, full);
  }

  private void showTops(StringBuilder out, Frame f, boolean full) {
    for (NodeSchema top : topsFor(f)) {
      Object node = tree.scopeOf(top, scopeVdom(f)).childIfPresent(top);
      if (full || !ConfigPrinter.isEmpty(node)) {
        ConfigPrinter.showNode(out, top, node, full, 0);
      }
    }
  }
}
