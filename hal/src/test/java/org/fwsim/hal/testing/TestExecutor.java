package org.fwsim.hal.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fixed pool of threads for one test, registered with {@code @RegisterExtension}: after the test
 * it interrupts what still runs and fails unless every thread has stopped, so a task that ignores
 * interruption cannot leak into the next test.
 */
public final class TestExecutor implements AfterEachCallback {
  private final ExecutorService executor;

  /** A pool of {@code threads} threads. */
  public TestExecutor(int threads) {
    this.executor = Executors.newFixedThreadPool(threads);
  }

  /** The pool. */
  public ExecutorService executor() {
    return executor;
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the test's threads stopped");
  }
}
