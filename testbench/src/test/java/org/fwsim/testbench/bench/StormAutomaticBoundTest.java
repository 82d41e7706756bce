package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Without --max-in-flight the storm bounds its SCEP transactions only when it must. */
class StormAutomaticBoundTest {

  @ParameterizedTest(
      name = "{0} certificates, embedded CA {1}, {2} free descriptors, {3} cores -> {4}")
  @CsvSource({
    // A fleet whose requests the CA answers well within the step timeout: no bound.
    "60, true, 19800, 2, 0",
    "64, true, 19800, 2, 0",
    // The default fleet on 2 cores: 32 per core wait at the CA at most, the rest before it.
    "2000, true, 19800, 2, 64",
    "20000, true, 19800, 8, 256",
    // Open files bound first: two descriptors each with the embedded CA, one with an external one.
    "20000, true, 612, 8, 50",
    "20000, false, 612, 8, 100",
    // Nearly no descriptors left still lets one transaction through.
    "100, true, 300, 2, 1",
    // A platform that does not say how many files: only the per-core bound.
    "20000, true, -1, 2, 64",
    "60, true, -1, 2, 0",
  })
  void boundsOnlyWhatCannotBeHeldAtOnce(
      long certificates, boolean embedded, long free, int cores, int expected) {
    assertEquals(expected, StormRun.automaticBound(certificates, embedded, free, cores));
  }
}
