package org.fwsim.hal.vdom;

import java.time.InstantSource;
import java.util.Objects;
import org.fwsim.hal.net.RoutingSnapshot;
import org.fwsim.hal.net.RoutingTable;
import org.fwsim.hal.pki.CertStore;

/**
 * A virtual domain: its id (vfid), name, routing table and certificate store. Interfaces belong to
 * the appliance and name their VDOM; the appliance keeps this VDOM's routing table in step.
 *
 * <p>Mutated only by the owning appliance's thread; readers use {@link #routes()} and {@code
 * certStore().snapshot()}, both immutable.
 */
public final class Vdom {

  private final int vfid;
  private final String name;
  private final RoutingTable routingTable;
  private final CertStore certStore;

  Vdom(int vfid, String name, InstantSource clock) {
    this.vfid = vfid;
    this.name = Objects.requireNonNull(name, "name");
    this.routingTable = new RoutingTable(name);
    this.certStore = new CertStore(clock);
  }

  /** The VDOM index FortiOS prints as {@code vfid} ({@code current vf=root:0}); root is 0. */
  public int vfid() {
    return vfid;
  }

  public String name() {
    return name;
  }

  /** The owner's mutable routing table; publish after changing it. */
  public RoutingTable routingTable() {
    return routingTable;
  }

  /** The last published routing snapshot, safe from any thread. */
  public RoutingSnapshot routes() {
    return routingTable.snapshot();
  }

  /** Certificates with {@code range vdom} in this VDOM. */
  public CertStore certStore() {
    return certStore;
  }

  @Override
  public String toString() {
    return name + ":" + vfid;
  }
}
