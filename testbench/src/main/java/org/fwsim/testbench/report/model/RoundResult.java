package org.fwsim.testbench.report.model;

/**
 * One renewal round of {@code storm --rounds}: the same fleet renewed again, with the round's rate
 * and the heap once it was over, so a leak shows as heap that grows from round to round.
 *
 * @param round 1 for the storm itself, then 2, 3...
 * @param ok certificates renewed in the round
 * @param failed failed tries in the round
 * @param perSecond renewals per second of the round
 * @param heapBytes used heap after a garbage collection at the round's end
 */
public record RoundResult(int round, long ok, long failed, double perSecond, long heapBytes) {}
