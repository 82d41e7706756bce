package org.fwsim.hal.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import org.fwsim.hal.testing.ArchitectureRules.Known;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The architecture contract every module's test extends: its main classes have no package cycles
 * beyond the known ones. One contract, run once per module, as JCTools runs one queue test against
 * every queue; {@link LowerModuleArchitectureTest} adds the rules of the modules below testbench.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModuleArchitectureTest {
  protected final String moduleRoot;
  private final List<Known> knownCycles;
  protected JavaClasses classes;

  /**
   * @param moduleRoot the module's root package, e.g. {@code org.fwsim.firmware}
   * @param knownCycles dependencies that close a cycle today; each goes when its cycle is broken
   */
  protected ModuleArchitectureTest(String moduleRoot, List<Known> knownCycles) {
    this.moduleRoot = moduleRoot;
    this.knownCycles = knownCycles;
  }

  @BeforeAll
  void importMainClasses() {
    classes = ArchitectureRules.mainClasses();
  }

  @Test
  void noCyclesBetweenFeatures() {
    ArchitectureRules.noFeatureCycles(moduleRoot, knownCycles).check(classes);
  }

  @Test
  void noCyclesBetweenPackages() {
    ArchitectureRules.noPackageCycles(moduleRoot, knownCycles).check(classes);
  }
}
