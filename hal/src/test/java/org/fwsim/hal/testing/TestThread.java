package org.fwsim.hal.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assertions;

/**
 * A thread a test starts beside its own, whose failure reaches the test: {@link #join(Duration)}
 * fails with whatever the body threw (an assertion or any exception), and fails too when the body
 * has not finished in time. Without it an exception on another thread only prints a stack trace and
 * the test passes.
 */
public final class TestThread {
  /** The work of the thread; it may throw, and may assert. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private TestThread(String name, Body body) {
    this.thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            name);
    thread.setDaemon(true); // one that never finishes must not keep the test JVM alive
  }

  /** Starts {@code body} on a new daemon thread called {@code name}. */
  public static TestThread start(String name, Body body) {
    TestThread t = new TestThread(name, body);
    t.thread.start();
    return t;
  }

  /**
   * Waits up to {@code within} for the body to end; fails the test when it threw (with the throw as
   * the cause) or is still running.
   */
  public void join(Duration within) throws InterruptedException {
    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(within.toNanos())));
    if (thread.isAlive()) {
      Assertions.fail(thread.getName() + " did not finish within " + within);
    }
    Throwable t = failure.get();
    if (t != null) {
      throw new AssertionError(thread.getName() + " failed: " + t, t);
    }
  }

  /**
   * Waits, spinning, until the body is parked (waiting on a lock or a condition, with or without a
   * bound) or has ended, and returns which: a test then knows the body waits where it expects
   * before it does what should wake it.
   */
  public Thread.State awaitParkedOrEnded() {
    Thread.State state = thread.getState();
    while (state != Thread.State.WAITING
        && state != Thread.State.TIMED_WAITING
        && state != Thread.State.TERMINATED) {
      Thread.onSpinWait();
      state = thread.getState();
    }
    return state;
  }

  /** Whether the body is still running. */
  public boolean isAlive() {
    return thread.isAlive();
  }
}
