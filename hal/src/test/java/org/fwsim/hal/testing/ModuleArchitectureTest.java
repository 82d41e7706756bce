package org.fwsim.hal.testing;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import org.fwsim.hal.testing.ArchitectureRules.Known;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The architecture contract every module's test extends: its main classes do not depend on the
 * layers above it, have no package cycles beyond the known ones, and (where time must be injected)
 * never read the wall clock. One contract, run once per module, as JCTools runs one queue test
 * against every queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModuleArchitectureTest {
  private final String moduleRoot;
  private final List<String> layersAbove;
  private final List<Known> knownCycles;
  private final boolean wallClockChecked;
  private final String[] wallClockExempt;
  private JavaClasses classes;

  /**
   * @param moduleRoot the module's root package, e.g. {@code org.fwsim.firmware}
   * @param layersAbove root packages of the modules built on this one, which it must not import
   * @param knownCycles dependencies that close a cycle today; each goes when its cycle is broken
   * @param wallClockChecked whether main code must take time from an injected clock
   * @param wallClockExempt classes (with their nested classes) that may read real time
   */
  protected ModuleArchitectureTest(
      String moduleRoot,
      List<String> layersAbove,
      List<Known> knownCycles,
      boolean wallClockChecked,
      String... wallClockExempt) {
    this.moduleRoot = moduleRoot;
    this.layersAbove = layersAbove;
    this.knownCycles = knownCycles;
    this.wallClockChecked = wallClockChecked;
    this.wallClockExempt = wallClockExempt;
  }

  @BeforeAll
  void importMainClasses() {
    classes = ArchitectureRules.mainClasses();
  }

  @Test
  void importsNoLayerAbove() {
    assumeFalse(layersAbove.isEmpty(), "the top layer");
    ArchitectureRules.layer(moduleRoot, layersAbove.toArray(String[]::new)).check(classes);
  }

  @Test
  void noCyclesBetweenFeatures() {
    ArchitectureRules.noFeatureCycles(moduleRoot, knownCycles).check(classes);
  }

  @Test
  void noCyclesBetweenPackages() {
    ArchitectureRules.noPackageCycles(moduleRoot, knownCycles).check(classes);
  }

  @Test
  void mainCodeUsesOnlyTheVirtualClock() {
    assumeTrue(wallClockChecked, "this module drives real time on purpose");
    ArchitectureRules.noWallClock(wallClockExempt).check(classes);
  }
}
