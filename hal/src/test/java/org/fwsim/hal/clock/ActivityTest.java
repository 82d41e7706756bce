package org.fwsim.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.testing.TestThread;
import org.junit.jupiter.api.Test;

class ActivityTest {

  @Test
  void countsWorkInFlight() {
    Activity activity = new Activity();
    assertTrue(activity.isQuiet());
    activity.begin();
    activity.ioStarted();
    assertEquals(2, activity.pending());
    activity.end();
    assertFalse(activity.isQuiet());
    activity.ioFinished();
    assertTrue(activity.isQuiet());
  }

  @Test
  void endWithoutBeginIsAnError() {
    Activity activity = new Activity();
    IllegalStateException e = assertThrows(IllegalStateException.class, activity::ioFinished);
    assertTrue(e.getMessage().contains("without a matching begin"), e.getMessage());
    assertTrue(activity.isQuiet(), "a bad end() must not corrupt the count");
  }

  @Test
  void awaitQuietWakesWhenTheLastWorkEnds() throws Exception {
    Activity activity = new Activity();
    activity.ioStarted();
    assertFalse(activity.awaitQuiet(20, TimeUnit.MILLISECONDS), "not quiet while IO is in flight");

    CountDownLatch waiting = new CountDownLatch(1);
    TestThread waiter =
        TestThread.start(
            "activity-waiter",
            () -> {
              waiting.countDown();
              assertTrue(
                  activity.awaitQuiet(60, TimeUnit.SECONDS),
                  "waiter was not woken by the last ioFinished()");
            });
    assertTrue(waiting.await(30, TimeUnit.SECONDS));
    activity.ioFinished();
    waiter.join(Duration.ofSeconds(60));
  }
}
