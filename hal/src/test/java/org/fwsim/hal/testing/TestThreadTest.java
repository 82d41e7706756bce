package org.fwsim.hal.testing;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class TestThreadTest {
  @Test
  void whatTheBodyThrowsFailsTheJoin() {
    IllegalStateException thrown = new IllegalStateException("torn list");
    TestThread t =
        TestThread.start(
            "reader",
            () -> {
              throw thrown;
            });
    AssertionError e = assertThrows(AssertionError.class, () -> t.join(Duration.ofSeconds(30)));
    assertSame(thrown, e.getCause());
    assertTrue(e.getMessage().startsWith("reader failed: "), e.getMessage());
  }

  @Test
  void aFailedAssertionOnTheThreadFailsTheJoin() {
    TestThread t = TestThread.start("checker", () -> assertTrue(false, "a reader saw 65 entries"));
    AssertionError e = assertThrows(AssertionError.class, () -> t.join(Duration.ofSeconds(30)));
    assertTrue(e.getCause().getMessage().contains("65 entries"), e.toString());
  }

  @Test
  void aBodyStillRunningFailsTheJoin() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    TestThread t = TestThread.start("stuck", release::await);
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> t.join(Duration.ofMillis(1)));
    assertTrue(e.getMessage().contains("stuck did not finish"), e.getMessage());
    release.countDown();
    t.join(Duration.ofSeconds(30)); // and a body that ends cleanly joins cleanly
  }
}
