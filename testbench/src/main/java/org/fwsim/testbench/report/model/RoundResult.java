package org.fwsim.testbench.report.model;

/**
 * One renewal round of {@code storm --rounds}: the same fleet renewed again, with the round's rate
 * and the heap once it was over, so a leak shows as heap that grows from round to round. The
 * embedded CA's index grows by a row per certificate issued, as a CA's must, so its part is on its
 * own line and the fleet's heap is the rest.
 *
 * @param round 1 for the storm itself, then 2, 3...
 * @param ok certificates renewed in the round
 * @param failed failed tries in the round
 * @param perSecond renewals per second of the round
 * @param heapBytes used heap after a garbage collection at the round's end
 * @param caHeapBytes the part of it the embedded CA's index holds, counted from its rows; -1 for an
 *     external CA
 */
public record RoundResult(
    int round, long ok, long failed, double perSecond, long heapBytes, long caHeapBytes) {

  /** The heap less the embedded CA's index: the fleet's, with the process around it. */
  public long fleetHeapBytes() {
    return heapBytes - Math.max(0, caHeapBytes);
  }
}
