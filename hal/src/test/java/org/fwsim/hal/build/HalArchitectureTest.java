package org.fwsim.hal.build;

import static org.fwsim.hal.testing.ArchitectureRules.layer;
import static org.fwsim.hal.testing.ArchitectureRules.mainClasses;
import static org.fwsim.hal.testing.ArchitectureRules.noFeatureCycles;
import static org.fwsim.hal.testing.ArchitectureRules.noPackageCycles;
import static org.fwsim.hal.testing.ArchitectureRules.noWallClock;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import org.fwsim.hal.testing.ArchitectureRules.Known;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hal is the bottom layer: it knows neither firmware nor testbench, has no cycles, no wall clock.
 */
class HalArchitectureTest {

  /** Dependencies that close a package cycle today; fix the cycle, then delete its line here. */
  private static final List<Known> KNOWN_CYCLES = List.of();

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = mainClasses();
  }

  @Test
  void halImportsNeitherFirmwareNorTestbench() {
    layer("org.fwsim.hal", "org.fwsim.firmware", "org.fwsim.testbench").check(classes);
  }

  @Test
  void noCyclesBetweenFeatures() {
    noFeatureCycles("org.fwsim.hal", KNOWN_CYCLES).check(classes);
  }

  @Test
  void noCyclesBetweenPackages() {
    noPackageCycles("org.fwsim.hal", KNOWN_CYCLES).check(classes);
  }

  @Test
  void mainCodeUsesOnlyTheVirtualClock() {
    // SimClock is the one place that reads real time: it is what fast-forwards virtual time.
    noWallClock("org.fwsim.hal.clock.SimClock").check(classes);
  }
}
