package org.fwsim.firmware.build;

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

/** firmware sits on hal and under testbench: no testbench imports, no cycles, no wall clock. */
class FirmwareArchitectureTest {

  /**
   * Dependencies that close a package cycle today; fix the cycle, then delete its line here. The
   * cycle {@code firmware} ↔ {@code firmware.cert}: cert reaches back into the whole {@code
   * Firmware} (structure review P2).
   */
  private static final List<Known> KNOWN_CYCLES =
      List.of(
          new Known("org.fwsim.firmware.cert.Certificates", "org.fwsim.firmware.Firmware"),
          new Known("org.fwsim.firmware.cert.CertificateCommands", "org.fwsim.firmware.Firmware"),
          new Known("org.fwsim.firmware.cert.ScepRenewer", "org.fwsim.firmware.Firmware"));

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = mainClasses();
  }

  @Test
  void firmwareDoesNotImportTestbench() {
    layer("org.fwsim.firmware", "org.fwsim.testbench").check(classes);
  }

  @Test
  void noCyclesBetweenFeatures() {
    noFeatureCycles("org.fwsim.firmware", KNOWN_CYCLES).check(classes);
  }

  @Test
  void noCyclesBetweenPackages() {
    noPackageCycles("org.fwsim.firmware", KNOWN_CYCLES).check(classes);
  }

  @Test
  void mainCodeUsesOnlyTheVirtualClock() {
    noWallClock().check(classes);
  }
}
