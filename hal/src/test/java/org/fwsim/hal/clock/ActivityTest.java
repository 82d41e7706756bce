package org.fwsim.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    CountDownLatch sawQuiet = new CountDownLatch(1);
    Thread waiter =
        new Thread(
            () -> {
              waiting.countDown();
              try {
                if (activity.awaitQuiet(10, TimeUnit.SECONDS)) {
                  sawQuiet.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "activity-waiter");
    waiter.start();
    assertTrue(waiting.await(5, TimeUnit.SECONDS));
    activity.ioFinished();
    assertTrue(
        sawQuiet.await(5, TimeUnit.SECONDS), "waiter was not woken by the last ioFinished()");
    waiter.join(5_000);
  }
}
