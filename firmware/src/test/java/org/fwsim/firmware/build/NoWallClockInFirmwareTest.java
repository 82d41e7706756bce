package org.fwsim.firmware.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.fwsim.hal.build.ForbiddenTimeCalls;
import org.junit.jupiter.api.Test;

/** Firmware code takes time from the appliance clock only: no wall clock, no sleeps. */
class NoWallClockInFirmwareTest {

  @Test
  void mainCodeUsesOnlyTheVirtualClock() {
    List<String> findings = ForbiddenTimeCalls.scan(Path.of("src/main/java"), Set.of());
    assertEquals(List.of(), findings, "inject the appliance's InstantSource instead");
  }
}
