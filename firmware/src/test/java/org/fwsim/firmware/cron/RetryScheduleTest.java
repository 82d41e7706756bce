package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  @Test
  void doublesFromFiveMinutesUpToADay() {
    List<Long> minutes = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      minutes.add(RetrySchedule.delay(n, false).toMinutes());
    }
    assertEquals(
        List.of(5L, 10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L, 1440L, 1440L, 1440L), minutes);
    assertEquals(Duration.ofDays(1), RetrySchedule.delay(Integer.MAX_VALUE, false));
  }

  @Test
  void anExpiredCertificateIsRetriedDaily() {
    assertEquals(Duration.ofDays(1), RetrySchedule.delay(1, true));
  }

  @Test
  void needsAFailure() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.delay(0, false));
    assertEquals("a retry delay needs at least one failure, got 0", e.getMessage());
  }

  @Test
  void certificatesThatFailedTogetherDoNotRetryTogether() {
    // The two VDOM certificates of one appliance, and the same name on ten appliances.
    java.util.Set<Long> spreads = new java.util.HashSet<>();
    for (int device = 0; device < 10; device++) {
      for (String name : List.of("FWSIM_root", "FWSIM_vd1")) {
        long spread = RetrySchedule.spreadMillis("FGT-" + device + "/LOCAL:" + name);
        assertTrue(spread >= 0 && spread < 1000, "under a second: " + spread);
        spreads.add(spread);
      }
    }
    assertTrue(spreads.size() >= 18, "20 certificates, nearly all apart: " + spreads);
    assertEquals(
        RetrySchedule.spreadMillis("FGT-0/LOCAL:FWSIM_root"),
        RetrySchedule.spreadMillis("FGT-0/LOCAL:FWSIM_root"),
        "the same every run");
  }
}
