package org.fwsim.firmware.config;

import static org.fwsim.hal.testing.TextAssertions.assertRefusedNaming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FortiTimezoneTest {

  @Test
  void factoryIndexIsPacificTime() {
    assertEquals(ZoneId.of("America/Los_Angeles"), FortiTimezone.of(FortiTimezone.DEFAULT_INDEX));
    assertEquals(ZoneId.of("America/New_York"), FortiTimezone.of("12"));
    assertEquals(
        ZoneId.of("America/Los_Angeles"),
        FortiTimezone.of("4"),
        "FortiOS accepts the index unpadded");
  }

  @Test
  void zoneNamesAreTakenAsTheyAre() {
    assertEquals(ZoneOffset.UTC, FortiTimezone.of("Z"));
    assertEquals(ZoneId.of("Europe/Amsterdam"), FortiTimezone.of("Europe/Amsterdam"));
  }

  @Test
  void unknownValuesAreRefusedByName() {
    assertRefusedNaming(() -> FortiTimezone.of("99"), "'99'");
    assertRefusedNaming(() -> FortiTimezone.of("Mars/Base"), "'Mars/Base'");
    assertThrows(IllegalArgumentException.class, () -> FortiTimezone.of(""));
  }
}
