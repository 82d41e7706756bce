package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Schema of one configuration node: a singleton ({@code config system global}), a table of named or
 * numbered entries ({@code config system interface}, {@code config router static}), or the root
 * that holds the top-level paths. Immutable and shared by every appliance.
 *
 * <p>For a table the attributes and children describe each entry. Members keep declaration order,
 * which is the order {@code show} prints them in.
 */
public final class NodeSchema {
  /** What {@code config <name>} opens. */
  public enum Kind {
    ROOT,
    SINGLETON,
    NAMED_TABLE,
    NUMBERED_TABLE
  }

  /** Where a top-level node lives when VDOMs are enabled. */
  public enum Scope {
    GLOBAL,
    VDOM
  }

  private final String name;
  private final Kind kind;
  private final Scope scope;
  private final String help;
  private final String keyName;
  private final ValueType keyType;
  private final Attribute[] attributes;
  private final NodeSchema[] children;
  private final Object[] members;
  private final Map<String, Integer> attributeIndex = new HashMap<>();
  private final Map<String, Integer> childIndex = new HashMap<>();
  private final Validator validator;

  private NodeSchema(Builder b) {
    this.name = b.name;
    this.kind = b.kind;
    this.scope = b.scope;
    this.help = b.help;
    this.keyName = b.keyName;
    this.keyType = b.keyType;
    this.validator = b.validator;
    List<Attribute> attrs = new ArrayList<>();
    List<NodeSchema> kids = new ArrayList<>();
    for (Object m : b.members) {
      if (m instanceof Attribute a) {
        attributeIndex.put(a.name(), attrs.size());
        attrs.add(a);
      } else {
        NodeSchema c = (NodeSchema) m;
        childIndex.put(c.name, kids.size());
        kids.add(c);
      }
    }
    this.attributes = attrs.toArray(new Attribute[0]);
    this.children = kids.toArray(new NodeSchema[0]);
    this.members = b.members.toArray();
  }

  /** Path words after {@code config}, e.g. {@code vpn certificate local}, or {@code sla}. */
  public String name() {
    return name;
  }

  /** Last path word, shown in the prompt ({@code FGVM01 (local) # }). */
  public String promptWord() {
    return name.substring(name.lastIndexOf(' ') + 1);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isTable() {
    return kind == Kind.NAMED_TABLE || kind == Kind.NUMBERED_TABLE;
  }

  public Scope scope() {
    return scope;
  }

  public String help() {
    return help;
  }

  /** Name of the entry key ({@code name}, {@code seq-num}, {@code id}); null for singletons. */
  public String keyName() {
    return keyName;
  }

  /** Type of the key: a string with a maximum length or an integer range. */
  ValueType keyType() {
    return keyType;
  }

  public List<Attribute> attributes() {
    return Arrays.asList(attributes);
  }

  public List<NodeSchema> children() {
    return Arrays.asList(children);
  }

  /** Attributes and children in declaration order. */
  List<Object> members() {
    return Arrays.asList(members);
  }

  public Attribute attribute(String attrName) {
    Integer i = attributeIndex.get(attrName);
    return i == null ? null : attributes[i];
  }

  int attributeIndex(Attribute a) {
    return attributeIndex.get(a.name());
  }

  int attributeCount() {
    return attributes.length;
  }

  public NodeSchema child(String childName) {
    Integer i = childIndex.get(childName);
    return i == null ? null : children[i];
  }

  int childIndex(NodeSchema c) {
    return childIndex.get(c.name);
  }

  int childCount() {
    return children.length;
  }

  public Validator validator() {
    return validator;
  }

  @Override
  public String toString() {
    return name;
  }

  static Builder singleton(String name, String help) {
    return new Builder(name, Kind.SINGLETON, help);
  }

  static Builder named(String name, String help, int keyMaxLength) {
    Builder b = new Builder(name, Kind.NAMED_TABLE, help);
    b.keyName = "name";
    b.keyType = new ValueType.Text(keyMaxLength);
    return b;
  }

  static Builder numbered(String name, String help, String keyName, long min, long max) {
    Builder b = new Builder(name, Kind.NUMBERED_TABLE, help);
    b.keyName = keyName;
    b.keyType = new ValueType.Int(min, max);
    return b;
  }

  static Builder root() {
    return new Builder("", Kind.ROOT, "");
  }

  /** Declares attributes and children in the order {@code show} prints them. */
  static final class Builder {
    private final String name;
    private final Kind kind;
    private final String help;
    private Scope scope = Scope.VDOM;
    private String keyName;
    private ValueType keyType;
    private Validator validator = Validator.NONE;
    private final List<Object> members = new ArrayList<>();

    private Builder(String name, Kind kind, String help) {
      this.name = name;
      this.kind = kind;
      this.help = help;
    }

    Builder global() {
      scope = Scope.GLOBAL;
      return this;
    }

    Builder keyName(String n) {
      keyName = n;
      return this;
    }

    Builder validator(Validator v) {
      validator = validator.and(v);
      return this;
    }

    Builder add(Attribute a) {
      members.add(a);
      return this;
    }

    Builder child(NodeSchema c) {
      members.add(c);
      return this;
    }

    Builder string(String n, int max, String def, String h) {
      return single(n, new ValueType.Text(max), def, h);
    }

    Builder integer(String n, long min, long max, long def, String h) {
      return single(n, new ValueType.Int(min, max), Long.toString(def), h);
    }

    Builder toggle(String n, boolean def, String h) {
      return choice(n, def ? "enable" : "disable", h, "enable", "disable");
    }

    Builder choice(String n, String def, String h, String... options) {
      return single(n, new ValueType.Choice(List.of(options)), def, h);
    }

    Builder choices(String n, List<String> def, String h, String... options) {
      return multi(n, new ValueType.Choice(List.of(options)), def, h);
    }

    Builder ip(String n, String h) {
      return single(n, new ValueType.Ipv4(), "0.0.0.0", h);
    }

    Builder ipMask(String n, String h) {
      return single(n, new ValueType.Ipv4Mask(false), "0.0.0.0 0.0.0.0", h);
    }

    Builder classnet(String n, String h) {
      return single(n, new ValueType.Ipv4Mask(true), "0.0.0.0 0.0.0.0", h);
    }

    Builder strings(String n, int max, String h) {
      return multi(n, new ValueType.Text(max), List.of(), h);
    }

    Builder integers(String n, long min, long max, String h) {
      return multi(n, new ValueType.Int(min, max), List.of(), h);
    }

    Builder password(String n, String h) {
      return single(n, new ValueType.Password(128), null, h);
    }

    /** An administrator's password: one-way, {@code ENC SH2...} (see {@link PasswordHash}). */
    Builder adminPassword(String n, String h) {
      return single(n, new ValueType.Password(128, true), null, h);
    }

    Builder pem(String n, String h) {
      return single(n, new ValueType.Blob(), null, h);
    }

    Builder readOnly(String n, String h) {
      return add(
          new Attribute(n, new ValueType.Blob(), false, null, true, false, Attribute.Ref.NONE, h));
    }

    Builder vdomRef(String n, String def, boolean setOnCreate, String h) {
      return add(
          new Attribute(
              n, new ValueType.Text(31), false, def, false, setOnCreate, Attribute.Ref.VDOM, h));
    }

    /**
     * A list of VDOMs that must exist ({@code set vdom "root" "cust"} on an administrator); {@code
     * def} is its one default element.
     */
    Builder vdomRefs(String n, String def, boolean setOnCreate, String h) {
      return add(
          new Attribute(
              n,
              new ValueType.Text(31),
              true,
              List.of(def),
              false,
              setOnCreate,
              Attribute.Ref.VDOM,
              h));
    }

    /** A settable single-value attribute that names no other configuration. */
    private Builder single(String n, ValueType type, String def, String h) {
      return add(new Attribute(n, type, false, def, false, false, Attribute.Ref.NONE, h));
    }

    /** A settable multi-value attribute that names no other configuration. */
    private Builder multi(String n, ValueType type, List<String> def, String h) {
      return add(new Attribute(n, type, true, def, false, false, Attribute.Ref.NONE, h));
    }

    NodeSchema build() {
      return new NodeSchema(this);
    }
  }
}
