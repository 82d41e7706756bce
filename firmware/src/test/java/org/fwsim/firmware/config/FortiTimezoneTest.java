package org.fwsim.firmware.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> FortiTimezone.of("99"))
            .getMessage()
            .contains("'99'"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> FortiTimezone.of("Mars/Base"))
            .getMessage()
            .contains("'Mars/Base'"));
    assertThrows(IllegalArgumentException.class, () -> FortiTimezone.of(""));
  }
}
