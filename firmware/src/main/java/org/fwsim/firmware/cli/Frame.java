package org.fwsim.firmware.cli;

/**
 * One level of CLI context (top, global, a VDOM, a table, a staged object): the prompt word and
 * what the commands typed there act on.
 */
final class Frame {
  enum Kind {
    TOP,
    GLOBAL,
    VDOM_LIST,
    VDOM,
    TABLE,
    OBJECT
  }

  final Kind kind;
  String vdom;
  NodeSchema schema;
  ConfigTable table;
  ConfigObject staged;
  String key;
  ConfigTable targetTable;
  ConfigObject parent;
  boolean top;

  private Frame(Kind kind) {
    this.kind = kind;
  }

  static Frame top() {
    return new Frame(Kind.TOP);
  }

  static Frame global() {
    return new Frame(Kind.GLOBAL);
  }

  static Frame vdomList() {
    return new Frame(Kind.VDOM_LIST);
  }

  static Frame vdom(String name) {
    Frame f = new Frame(Kind.VDOM);
    f.vdom = name;
    return f;
  }

  static Frame table(NodeSchema s, ConfigTable t, boolean top, String vdom) {
    Frame f = new Frame(Kind.TABLE);
    f.schema = s;
    f.table = t;
    f.top = top;
    f.vdom = vdom;
    return f;
  }

  static Frame object(
      NodeSchema s,
      ConfigObject staged,
      String key,
      ConfigTable target,
      ConfigObject parent,
      boolean top,
      String vdom) {
    Frame f = new Frame(Kind.OBJECT);
    f.schema = s;
    f.staged = staged;
    f.key = key;
    f.targetTable = target;
    f.parent = parent;
    f.top = top;
    f.vdom = vdom;
    return f;
  }

  String word() {
    return switch (kind) {
      case TOP -> null;
      case GLOBAL -> "global";
      case VDOM_LIST -> "vdom";
      case VDOM -> vdom;
      case TABLE -> schema.promptWord();
      case OBJECT -> key != null ? key : schema.promptWord();
    };
  }
}
