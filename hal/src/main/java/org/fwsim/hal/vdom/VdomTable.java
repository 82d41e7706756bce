package org.fwsim.hal.vdom;

import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An appliance's VDOMs. {@code root} (vfid 0) always exists and cannot be deleted; every further
 * VDOM gets the next vfid, which it keeps for its life, so ids stay stable while others come and
 * go.
 *
 * <p>Changed only by the owning appliance's thread; readers get an immutable map.
 */
public final class VdomTable {

  /** The VDOM every appliance has. */
  public static final String ROOT = "root";

  /** FortiOS VDOM names: up to 31 characters of letters, digits, '-' and '_'. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,31}");

  private final InstantSource clock;
  private volatile Map<String, Vdom> byName;
  private int nextVfid = 1;

  public VdomTable(InstantSource clock) {
    this.clock = clock;
    Map<String, Vdom> m = new LinkedHashMap<>();
    m.put(ROOT, new Vdom(0, ROOT, clock));
    this.byName = Collections.unmodifiableMap(m);
  }

  /** The VDOM named {@code name}, created with the next vfid when absent. */
  public Vdom getOrCreate(String name) {
    Vdom v = byName.get(name);
    if (v != null) {
      return v;
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid VDOM name '" + name + "': use 1 to 31 letters, digits, '-' or '_'");
    }
    v = new Vdom(nextVfid++, name, clock);
    Map<String, Vdom> m = new LinkedHashMap<>(byName);
    m.put(name, v);
    byName = Collections.unmodifiableMap(m);
    return v;
  }

  /** Deletes a VDOM other than root; returns whether it existed. */
  public boolean delete(String name) {
    if (ROOT.equals(name)) {
      throw new IllegalArgumentException("the root VDOM cannot be deleted");
    }
    if (!byName.containsKey(name)) {
      return false;
    }
    Map<String, Vdom> m = new LinkedHashMap<>(byName);
    m.remove(name);
    byName = Collections.unmodifiableMap(m);
    return true;
  }

  public Optional<Vdom> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Vdom root() {
    return byName.get(ROOT);
  }

  /** Every VDOM in creation order; immutable. */
  public Map<String, Vdom> all() {
    return byName;
  }
}
