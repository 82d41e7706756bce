package org.fwsim.testbench.mgmt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fwsim.hal.Hypervisor;

/**
 * The directory of a fleet's devices the management planes serve: by name, and by the host address
 * a connection arrived on (one acceptor per plane routes by local address). Immutable.
 */
public final class ManagedDevices {
  private final Hypervisor hypervisor;
  private final List<ManagedDevice> devices;
  private final Map<String, ManagedDevice> byName = new LinkedHashMap<>();
  private final Map<Integer, ManagedDevice> byHostAddress = new HashMap<>();

  public ManagedDevices(Hypervisor hypervisor, List<ManagedDevice> devices) {
    this.hypervisor = hypervisor;
    this.devices = List.copyOf(devices);
    for (ManagedDevice d : this.devices) {
      byName.put(d.name(), d);
      byHostAddress.put(d.hostAddress(), d);
    }
  }

  /** The hypervisor the devices run on (its clock, scheduler and underlay). */
  public Hypervisor hypervisor() {
    return hypervisor;
  }

  /** Every device, in fleet order. */
  public List<ManagedDevice> all() {
    return devices;
  }

  public Optional<ManagedDevice> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The device whose management address the underlay mapped to {@code hostAddress}. */
  public Optional<ManagedDevice> byHostAddress(int hostAddress) {
    return Optional.ofNullable(byHostAddress.get(hostAddress));
  }

  public int size() {
    return devices.size();
  }
}
