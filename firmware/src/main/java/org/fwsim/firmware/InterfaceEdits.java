package org.fwsim.firmware;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fwsim.firmware.config.InterfaceConfig;

/**
 * What a commit changed in {@code config system interface}, found by comparing two typed views'
 * interface lists: both keep the table's order, and a commit edits, adds or deletes entries without
 * moving the others, so everything before the first difference and after the last one is the same.
 * Only the entries in between need converting, however long the lists are.
 *
 * @param changed the entries of the new list between the first and the last difference, in order
 * @param removed names of the old list's entries in that span that the new one no longer has
 */
record InterfaceEdits(List<InterfaceConfig> changed, List<String> removed) {

  static InterfaceEdits between(List<InterfaceConfig> before, List<InterfaceConfig> after) {
    int start = 0;
    int shorter = Math.min(before.size(), after.size());
    while (start < shorter && same(before.get(start), after.get(start))) {
      start++;
    }
    int endBefore = before.size();
    int endAfter = after.size();
    while (endBefore > start
        && endAfter > start
        && same(before.get(endBefore - 1), after.get(endAfter - 1))) {
      endBefore--;
      endAfter--;
    }
    List<InterfaceConfig> changed = after.subList(start, endAfter);
    Set<String> kept = new HashSet<>();
    for (InterfaceConfig ic : changed) {
      kept.add(ic.name());
    }
    // A name outside the span is in both lists' equal parts, so only the span's can have gone.
    List<String> removed = new ArrayList<>();
    for (InterfaceConfig ic : before.subList(start, endBefore)) {
      if (!kept.contains(ic.name())) {
        removed.add(ic.name());
      }
    }
    return new InterfaceEdits(List.copyOf(changed), removed);
  }

  /** Shared by the views when the commit did not touch it; equal when a view was read anew. */
  private static boolean same(InterfaceConfig a, InterfaceConfig b) {
    return a == b || a.equals(b);
  }
}
