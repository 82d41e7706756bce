package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The schema's datasource references, both ways: an attribute that names an entry of another table
 * (an interface, an SD-WAN member or health check, a certificate, an admin profile) may only be set
 * to an entry that exists, and an entry other tables name may not be deleted. VDOM references are
 * the attributes' own ({@link Attribute.Ref#VDOM}).
 *
 * <p>Kept as one table of (table path, attribute, target) rather than spread over the schema's
 * builders, so that the rule reads in one place. A path names a nested table by its parents, e.g.
 * {@code system sdwan/health-check}.
 *
 * <p>What FortiOS prints: {@code entry not found in datasource}, then {@code value parse error
 * before '<value>'} and return code -3 for a missing entry (issue 14, from a FortiOS console);
 * {@code The entry is used by other N entries} and return code -23 for a delete (INFERENCE: from
 * memory of FortiOS consoles, not in the reference).
 */
final class Datasources {

  /** What a reference names. */
  enum Target {
    /** An interface of {@code config system interface} (in the VDOM of the referring entry). */
    INTERFACE("system interface"),
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
  }

  /** {@code attribute} of the entries at {@code path} names a {@code target}; null: the key. */
  record Reference(String path, String attribute, Target target) {}

  static final List<Reference> ALL = references();

  private Datasources() {}

  private static List<Reference> references() {
    List<Reference> r = new ArrayList<>();
    r.add(new Reference("system interface", "interface", Target.INTERFACE));
    r.add(new Reference("router static", "device", Target.INTERFACE));
    r.add(new Reference("vpn certificate setting", "interface", Target.INTERFACE));
    r.add(new Reference("system sdwan/members", "interface", Target.INTERFACE));
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
    r.add(new Reference("system admin", "accprofile", Target.ADMIN_PROFILE));
    r.add(new Reference("system api-user", "accprofile", Target.ADMIN_PROFILE));
    return List.copyOf(r);
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
   * over the committed configuration (every scope) for interfaces and certificates, over the {@code
   * config system sdwan} being edited for its members and health checks.
   */
  static int usersOf(String path, String key, Deque<Frame> frames, ConfigTree tree) {
    Target target = null;
    for (Target t : Target.values()) {
      if (t.path.equals(path)) {
        target = t;
      }
    }
    if (target == null) {
      return 0;
    }
    if (target == Target.SDWAN_MEMBER || target == Target.SDWAN_HEALTH_CHECK) {
      ConfigObject sdwan = stagedSdwan(frames);
      return sdwan == null ? 0 : count(sdwan, "system sdwan", target, key);
    }
    int n = count(tree.global(), null, target, key);
    String here = vdomOf(frames) == null ? ConfigTree.ROOT_VDOM : vdomOf(frames);
    for (String vdom : tree.vdomNames()) {
      if (target == Target.INTERFACE || vdom.equals(here)) {
        n += count(tree.vdom(vdom), null, target, key);
      }
    }
    return n;
  }

  static CliException inUse(int users) {
    return new CliException("The entry is used by other " + users + " entries", ReturnCodes.IN_USE);
  }

  private static int count(ConfigObject o, String path, Target target, String key) {
    int n = 0;
    if (path != null) {
      for (Reference r : ALL) {
        if (r.target == target && r.attribute != null && r.path.equals(path)) {
          Object v = o.effective(r.attribute);
          if (v != null && names(v).contains(key)) {
            n++;
          }
        }
      }
    }
    for (NodeSchema c : o.schema().children()) {
      Object child = o.childIfPresent(c);
      String childPath = path == null ? c.name() : path + "/" + c.name();
      if (child instanceof ConfigObject single) {
        n += count(single, childPath, target, key);
      } else if (child instanceof ConfigTable table) {
        Reference byKey = keyReference(childPath);
        for (String k : table.keys()) {
          if (byKey != null && byKey.target == target && k.equals(key)) {
            n++;
          }
          n += count(table.get(k), childPath, target, key);
        }
      }
    }
    return n;
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
      if (f.kind == Frame.Kind.OBJECT && f.schema.name().equals("system sdwan")) {
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
