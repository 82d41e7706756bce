package org.fwsim.hal.testing;

import java.util.List;
import org.fwsim.hal.testing.ArchitectureRules.Known;
import org.junit.jupiter.api.Test;

/**
 * The contract of a module below testbench (hal, firmware): besides having no cycles, its main
 * classes import no module built on it and take time only from the injected virtual clock.
 */
public abstract class LowerModuleArchitectureTest extends ModuleArchitectureTest {
  private final List<String> layersAbove;
  private final String[] wallClockExempt;

  /**
   * @param moduleRoot the module's root package, e.g. {@code org.fwsim.firmware}
   * @param layersAbove root packages of the modules built on this one, which it must not import
   * @param knownCycles dependencies that close a cycle today; each goes when its cycle is broken
   * @param wallClockExempt classes (with their nested classes) that may read real time
   */
  protected LowerModuleArchitectureTest(
      String moduleRoot,
      List<String> layersAbove,
      List<Known> knownCycles,
      String... wallClockExempt) {
    super(moduleRoot, knownCycles);
    this.layersAbove = layersAbove;
    this.wallClockExempt = wallClockExempt;
  }

  @Test
  void importsNoLayerAbove() {
    ArchitectureRules.layer(moduleRoot, layersAbove.toArray(String[]::new)).check(classes);
  }

  @Test
  void mainCodeUsesOnlyTheVirtualClock() {
    ArchitectureRules.noWallClock(wallClockExempt).check(classes);
  }
}
