package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.fwsim.firmware.config.SdwanConfig;

/**
 * The schema's datasource references, both ways: an attribute that names an entry of another table
 * (an interface, a VDOM, an SD-WAN zone, member or health check, a certificate, an admin profile)
 * may only be set to an entry that exists; an entry other tables name may not be deleted, nor its
 * table purged; a renamed entry takes its references along.
 *
 * <p>Kept as one table of (table path, attribute, target) rather than spread over the schema's
 * builders, so that the rule reads in one place. A path names a nested table by its parents, e.g.
 * {@code system sdwan/health-check}.
 *
 * <p>What FortiOS prints: {@code entry not found in datasource}, then {@code value parse error
 * before '<value>'} and return code -3 for a missing entry (issue 14, from a FortiOS console);
 * {@code The entry is used by other N entries} and return code -23 for a delete (INFERENCE: from
 * memory of FortiOS consoles, not in the reference). INFERENCE as well, fortios.md being silent: a
 * rename updates the references (FortiOS keeps references by entry, so renaming an address used by
 * a policy needs no edit of the policy), and a purge is refused whole, before its question, while
 * one entry is in use (the same rule as a delete, so nothing is left dangling).
 */
final class Datasources {

  /** What a reference names. */
  enum Target {
    /** An interface of {@code config system interface} (in the VDOM of the referring entry). */
    INTERFACE("system interface"),
    /** A VDOM of {@code config vdom} (fortios.md §7). */
    VDOM("vdom"),
    /**
     * A zone of the same {@code config system sdwan}, or of the VDOM's from {@code router static};
     * {@code virtual-wan-link} always exists (fortios.md §9.1: the members' default zone).
     */
    SDWAN_ZONE("system sdwan/zone"),
    /** A member (its seq-num) of the same {@code config system sdwan}. */
    SDWAN_MEMBER("system sdwan/members"),
    /** A health check (its name) of the same {@code config system sdwan}. */
    SDWAN_HEALTH_CHECK("system sdwan/health-check"),
    /** A local certificate of the VDOM. */
    LOCAL_CERTIFICATE("vpn certificate local"),
    /** A CA certificate of the VDOM. */
    CA_CERTIFICATE("vpn certificate ca"),
    /** An admin profile of {@code config system accprofile} (global). */
    ADMIN_PROFILE("system accprofile");

    private final String path;

    Target(String path) {
      this.path = path;
    }

    String path() {
      return path;
    }

    /** The target whose entries are those of the table at {@code path}, or null. */
    static Target of(String path) {
      for (Target t : values()) {
        if (t.path.equals(path)) {
          return t;
        }
      }
      return null;
    }
  }

  /** {@code attribute} of the entries at {@code path} names a {@code target}; null: the key. */
  record Reference(String path, String attribute, Target target) {}

  static final List<Reference> ALL = references();

  private static final String SDWAN = "system sdwan";

  /** The zone of members that name none; it needs no {@code config zone} entry. */
  static final String DEFAULT_ZONE = SdwanConfig.Member.DEFAULT_ZONE;

  private Datasources() {}

  private static List<Reference> references() {
    List<Reference> r = new ArrayList<>();
    r.add(new Reference("system interface", "interface", Target.INTERFACE));
    r.add(new Reference("router static", "device", Target.INTERFACE));
    r.add(new Reference("vpn certificate setting", "interface", Target.INTERFACE));
    r.add(new Reference("system sdwan/members", "interface", Target.INTERFACE));
    r.add(new Reference("system interface", "vdom", Target.VDOM));
    r.add(new Reference("system global", "management-vdom", Target.VDOM));
    r.add(new Reference("system admin", "vdom", Target.VDOM));
    r.add(new Reference("system api-user", "vdom", Target.VDOM));
    r.add(new Reference("vpn certificate crl", "update-vdom", Target.VDOM));
    r.add(new Reference("system sdwan/members", "zone", Target.SDWAN_ZONE));
    r.add(new Reference("system sdwan/service", "priority-zone", Target.SDWAN_ZONE));
    r.add(new Reference("router static", "sdwan-zone", Target.SDWAN_ZONE));
    r.add(new Reference("system sdwan/health-check", "members", Target.SDWAN_MEMBER));
    r.add(new Reference("system sdwan/service", "priority-members", Target.SDWAN_MEMBER));
    r.add(new Reference("system sdwan/service", "health-check", Target.SDWAN_HEALTH_CHECK));
    // config sla inside a rule: each entry is named after a health check.
    r.add(new Reference("system sdwan/service/sla", null, Target.SDWAN_HEALTH_CHECK));
    for (String alg : VpnCertificateSchema.CERTNAME_ALGORITHMS) {
      r.add(new Reference("vpn certificate setting", "certname-" + alg, Target.LOCAL_CERTIFICATE));
    }
    r.add(new Reference("vpn certificate local", "cmp-server-cert", Target.CA_CERTIFICATE));
    r.add(new Reference("vpn certificate local", "est-client-cert", Target.LOCAL_CERTIFICATE));
    r.add(new Reference("vpn certificate local", "est-server-cert", Target.CA_CERTIFICATE));
    r.add(new Reference("vpn certificate crl", "scep-cert", Target.LOCAL_CERTIFICATE));
    r.add(new Reference("system global", "admin-server-cert", Target.LOCAL_CERTIFICATE));
    r.add(new Reference("system admin", "accprofile", Target.ADMIN_PROFILE));
    r.add(new Reference("system api-user", "accprofile", Target.ADMIN_PROFILE));
    return List.copyOf(r);
  }

  /**
   * Whether a configuration file prints the target's table after the referring entry (a local
   * certificate after {@code system global}'s {@code admin-server-cert}; VDOM tables after the
   * global ones), so that restoring it meets the name before its entry. Restore skips such checks.
   */
  static boolean forward(Reference r) {
    NodeSchema from = FortiSchema.ROOT.child(top(r.path));
    NodeSchema to = FortiSchema.ROOT.child(top(r.target.path));
    if (from == null || to == null) {
      return false;
    }
    if (from == to) {
      // A table naming its own entries (a VLAN's parent interface): entries print in creation
      // order, and a 'set' may name an entry created after the one it is set on.
      return true;
    }
    return FortiSchema.ROOT.childIndex(to) > FortiSchema.ROOT.childIndex(from)
        || (from.scope() == NodeSchema.Scope.GLOBAL && to.scope() == NodeSchema.Scope.VDOM);
  }

  private static String top(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }

  /** The reference {@code attribute} of entries at {@code path} makes, or null. */
  static Reference of(String path, String attribute) {
    for (Reference r : ALL) {
      if (r.path.equals(path) && java.util.Objects.equals(r.attribute, attribute)) {
        return r;
      }
    }
    return null;
  }

  /**
   * The path of the innermost table or object of the CLI context, e.g. {@code system
   * sdwan/health-check}; null outside any table.
   */
  static String path(Deque<Frame> frames) {
    StringBuilder sb = new StringBuilder();
    NodeSchema last = null;
    for (Iterator<Frame> it = frames.descendingIterator(); it.hasNext(); ) {
      Frame f = it.next();
      if ((f.kind == Frame.Kind.TABLE || f.kind == Frame.Kind.OBJECT) && f.schema != last) {
        if (sb.length() > 0) {
          sb.append('/');
        }
        sb.append(f.schema.name());
        last = f.schema;
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * Refuses a value naming an entry that does not exist, as FortiOS does. The attribute's default
   * always passes: it names a factory entry (e.g. {@code Fortinet_SSL_RSA2048}) that a real
   * FortiGate ships and the simulator does not model.
   *
   * @param value what the attribute parsed to: text, or a list of texts or numbers
   * @param factory the attribute's default, or null
   */
  static void check(Reference r, Object value, Object factory, Deque<Frame> frames, ConfigTree tree)
      throws CliException {
    if (r == null || value == null) {
      return;
    }
    List<String> factoryNames = factory == null ? List.of() : names(factory);
    for (String name : names(value)) {
      if (!name.isEmpty()
          && !factoryNames.contains(name)
          && !exists(r.target, name, frames, tree)) {
        throw missing(name);
      }
    }
  }

  static CliException missing(String name) {
    return new CliException(
        "entry not found in datasource\n\nvalue parse error before '" + name + "'",
        ReturnCodes.NOT_FOUND);
  }

  /**
   * How many entries name {@code key}, an entry of the table at {@code path} about to be deleted:
   * see {@link #scopes} for where they are looked for.
   */
  static int usersOf(String path, String key, Deque<Frame> frames, ConfigTree tree) {
    Target target = Target.of(path);
    if (target == null) {
      return 0;
    }
    int[] n = new int[1];
    // Per path, not per object: deleting one interface walks every other one.
    Map<String, List<String>> naming = new HashMap<>();
    for (Scope scope : scopes(target, key, frames, tree)) {
      walk(
          scope,
          (at, o) -> {
            for (String attribute : naming.computeIfAbsent(at, p -> attributesNaming(target, p))) {
              Object v = o.effective(attribute);
              if (v != null && names(v).contains(key)) {
                n[0]++;
              }
            }
          },
          (at, table) -> {
            Reference byKey = keyReference(at);
            if (byKey != null && byKey.target == target && table.get(key) != null) {
              n[0]++;
            }
          });
    }
    return n[0];
  }

  /** Refuses a purge while any entry of {@code table} is in use. */
  static void checkPurge(String path, ConfigTable table, Deque<Frame> frames, ConfigTree tree)
      throws CliException {
    for (String key : table.keys()) {
      int users = usersOf(path, key, frames, tree);
      if (users > 0) {
        throw inUse(users);
      }
    }
  }

  /**
   * Makes every reference to {@code from}, an entry of the table at {@code path} renamed to {@code
   * to}, name {@code to} (in the same places {@link #usersOf} counts); publishes the committed
   * configuration when a reference outside the staged block changed.
   */
  static void renameUses(
      String path, String from, String to, Deque<Frame> frames, ConfigTree tree) {
    Target target = Target.of(path);
    if (target == null) {
      return;
    }
    boolean[] committed = new boolean[1];
    for (Scope scope : scopes(target, null, frames, tree)) {
      boolean[] changed = new boolean[1];
      walk(
          scope,
          (at, o) -> {
            for (String attribute : attributesNaming(target, at)) {
              Object v = o.configured(attribute);
              Object renamed = renamed(v, from, to);
              if (renamed != v) {
                o.set(o.schema().attribute(attribute), renamed);
                changed[0] = true;
              }
            }
          },
          (at, table) -> {
            Reference byKey = keyReference(at);
            if (byKey != null && byKey.target == target && table.get(from) != null) {
              table.rename(from, to);
              changed[0] = true;
            }
          });
      committed[0] |= changed[0] && !scope.staged;
    }
    if (committed[0]) {
      tree.committed(null, "");
    }
  }

  private static Object renamed(Object value, String from, String to) {
    if (value instanceof List<?> list) {
      if (!names(list).contains(from)) {
        return value;
      }
      List<String> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(String.valueOf(o).equals(from) ? to : String.valueOf(o));
      }
      return List.copyOf(out);
    }
    return from.equals(value) ? to : value;
  }

  static CliException inUse(int users) {
    return new CliException("The entry is used by other " + users + " entries", ReturnCodes.IN_USE);
  }

  /**
   * A configuration subtree references are looked for in.
   *
   * @param root the scope root, or an object named {@code path}
   * @param path the path of {@code root}, null for a scope root
   * @param skip a top-level child not to look into (a stale copy of what is staged), or null
   * @param staged whether {@code root} is a block being edited, committed with it
   */
  private record Scope(ConfigObject root, String path, String skip, boolean staged) {}

  /**
   * Where the entries naming a {@code target} live: the {@code config system sdwan} being edited
   * for its members and health checks; that one and the VDOM's static routes for its zones; every
   * scope for interfaces and VDOMs (but a VDOM's own, which goes with it); the global scope and the
   * session's VDOM for certificates and profiles.
   *
   * @param key the entry about to go, or null
   */
  private static List<Scope> scopes(
      Target target, String key, Deque<Frame> frames, ConfigTree tree) {
    List<Scope> out = new ArrayList<>();
    ConfigObject sdwan = stagedSdwan(frames);
    String here = vdomOf(frames) == null ? ConfigTree.ROOT_VDOM : vdomOf(frames);
    switch (target) {
      case SDWAN_MEMBER, SDWAN_HEALTH_CHECK -> {
        if (sdwan != null) {
          out.add(new Scope(sdwan, SDWAN, null, true));
        }
      }
      case SDWAN_ZONE -> {
        if (sdwan != null) {
          out.add(new Scope(sdwan, SDWAN, null, true));
        }
        out.add(new Scope(tree.vdom(here), null, sdwan == null ? null : SDWAN, false));
      }
      default -> {
        out.add(new Scope(tree.global(), null, null, false));
        for (String vdom : tree.vdomNames()) {
          boolean everyVdom = target == Target.INTERFACE || target == Target.VDOM;
          if ((everyVdom || vdom.equals(here)) && !(target == Target.VDOM && vdom.equals(key))) {
            out.add(new Scope(tree.vdom(vdom), null, null, false));
          }
        }
      }
    }
    return out;
  }

  /** Visits every object (with its path) and every table below a scope, the scope included. */
  private static void walk(
      Scope scope,
      BiConsumer<String, ConfigObject> objects,
      BiConsumer<String, ConfigTable> tables) {
    walk(scope.root, scope.path, scope.skip, objects, tables);
  }

  private static void walk(
      ConfigObject o,
      String path,
      String skip,
      BiConsumer<String, ConfigObject> objects,
      BiConsumer<String, ConfigTable> tables) {
    if (path != null) {
      objects.accept(path, o);
    }
    for (NodeSchema c : o.schema().children()) {
      Object child = o.childIfPresent(c);
      if (c.name().equals(skip)) {
        continue;
      }
      String childPath = path == null ? c.name() : path + "/" + c.name();
      if (child instanceof ConfigObject single) {
        walk(single, childPath, null, objects, tables);
      } else if (child instanceof ConfigTable table) {
        tables.accept(childPath, table); // may rename an entry: iterate the table after it
        for (ConfigObject entry : table.entries()) {
          walk(entry, childPath, null, objects, tables);
        }
      }
    }
  }

  /** The attributes of the object at {@code path} that name entries of {@code target}. */
  private static List<String> attributesNaming(Target target, String path) {
    List<String> out = new ArrayList<>();
    for (Reference r : ALL) {
      if (r.target == target && r.attribute != null && r.path.equals(path)) {
        out.add(r.attribute);
      }
    }
    return out;
  }

  /** The reference an entry's key makes in the table at {@code path}, or null. */
  static Reference keyReference(String path) {
    return of(path, null);
  }

  private static boolean exists(Target t, String name, Deque<Frame> frames, ConfigTree tree) {
    switch (t) {
      case INTERFACE:
        {
          ConfigObject nic = tree.global().table("system interface").get(name);
          String vdom = vdomOf(frames);
          return nic != null && (vdom == null || nic.text("vdom").equals(vdom));
        }
      case VDOM:
        return tree.vdom(name) != null;
      case SDWAN_ZONE:
        {
          if (name.equals(DEFAULT_ZONE)) {
            return true;
          }
          ConfigObject sdwan = stagedSdwan(frames);
          if (sdwan == null) {
            ConfigObject scope =
                tree.vdom(vdomOf(frames) == null ? ConfigTree.ROOT_VDOM : vdomOf(frames));
            sdwan = scope == null ? null : scope.singleton(SDWAN);
          }
          return sdwan != null && sdwan.table("zone").get(name) != null;
        }
      case SDWAN_MEMBER:
      case SDWAN_HEALTH_CHECK:
        {
          ConfigObject sdwan = stagedSdwan(frames);
          String table = t == Target.SDWAN_MEMBER ? "members" : "health-check";
          return sdwan != null && sdwan.table(table).get(name) != null;
        }
      default:
        {
          String vdom = vdomOf(frames);
          ConfigObject scope =
              tree.scopeOf(
                  FortiSchema.ROOT.child(t.path), vdom == null ? ConfigTree.ROOT_VDOM : vdom);
          return scope != null && scope.table(t.path).get(name) != null;
        }
    }
  }

  /** The {@code config system sdwan} object being edited, or null. */
  private static ConfigObject stagedSdwan(Deque<Frame> frames) {
    for (Frame f : frames) {
      if (f.kind == Frame.Kind.OBJECT && f.schema.name().equals(SDWAN)) {
        return f.staged;
      }
    }
    return null;
  }

  /** The VDOM of the context, null in the global one. */
  private static String vdomOf(Deque<Frame> frames) {
    Frame f = frames.peek();
    return f == null ? null : f.vdom;
  }

  private static List<String> names(Object value) {
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(String.valueOf(o));
      }
      return out;
    }
    return List.of(String.valueOf(value));
  }
}
