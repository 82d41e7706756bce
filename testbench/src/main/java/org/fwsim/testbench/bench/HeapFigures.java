package org.fwsim.testbench.bench;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.Firmware;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.probe.ProcessProbes;

/**
 * The heap the run's parts hold, read from the heap in use after a collection as they are let go
 * one by one at the end of the run: with everything, without the embedded CA, without the fleet
 * (the hypervisor and its appliances). What the heap lost with the fleet, per appliance, is what an
 * appliance holds: its configuration, daemons, keys and certificates; the CA's issuance records are
 * on their own line. A part that is still reachable when it should be gone would make its figure
 * too small, so the figure is then unknown (-1) instead.
 */
record HeapFigures(
    long all,
    long withoutCa,
    long withoutFleet,
    WeakReference<ScepCa> caRef,
    List<WeakReference<Firmware>> fleet,
    int devices) {

  /** The heap with everything in it; {@code ca} null for an external CA (not in this process). */
  static HeapFigures all(long heap, ScepCa ca) {
    return new HeapFigures(heap, -1, -1, ca == null ? null : new WeakReference<>(ca), List.of(), 0);
  }

  /** The heap once the CA is closed and let go. */
  HeapFigures withoutCa(long heap) {
    return new HeapFigures(all, heap, -1, caRef, fleet, devices);
  }

  /**
   * Watches a few of the fleet's appliances (first, middle, last) to learn whether the fleet was
   * really let go; weak references to all of them would weigh on the figure.
   */
  HeapFigures watchFleet(Firmware[] firmware) {
    List<WeakReference<Firmware>> watched = new ArrayList<>(3);
    if (firmware.length > 0) {
      for (int i : new int[] {0, firmware.length / 2, firmware.length - 1}) {
        watched.add(new WeakReference<>(firmware[i]));
      }
    }
    return new HeapFigures(all, withoutCa, -1, caRef, List.copyOf(watched), devices);
  }

  /** The heap once the hypervisor and the fleet's {@code devices} appliances are gone. */
  HeapFigures withoutFleet(long heap, int devices) {
    return new HeapFigures(all, withoutCa, heap, caRef, fleet, devices);
  }

  /** Heap bytes per appliance, -1 when an appliance was still reachable after the fleet ended. */
  long perAppliance() {
    if (devices <= 0 || withoutFleet < 0 || fleet.stream().anyMatch(r -> r.get() != null)) {
      return -1;
    }
    return ProcessProbes.heapBytesPerAppliance(withoutFleet, withoutCa, devices);
  }

  /** Heap bytes of the embedded CA; -1 for an external CA or one still reachable when closed. */
  long ca() {
    if (caRef == null || caRef.get() != null || withoutCa < 0) {
      return -1;
    }
    return Math.max(0, all - withoutCa);
  }

  /** The readings, for the report's parameters. */
  Map<String, String> describe() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        "heap after gc (MiB): all / without CA / without fleet",
        mib(all) + " / " + mib(withoutCa) + " / " + mib(withoutFleet));
    if (caRef != null && caRef.get() != null) {
      p.put("CA heap", "unknown: the CA was still reachable after it closed");
    }
    if (fleet.stream().anyMatch(r -> r.get() != null)) {
      p.put("heap per appliance", "unknown: an appliance was still reachable after the fleet");
    }
    return p;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "–" : String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
  }
}
