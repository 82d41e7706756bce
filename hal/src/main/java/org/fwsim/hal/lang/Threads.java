package org.fwsim.hal.lang;

/** Waiting for threads from a {@code close()} that must not give up half way. */
public final class Threads {

  private Threads() {}

  /**
   * Waits until {@code thread} has ended, even when the caller is interrupted meanwhile: a close
   * that returned early would leave the thread running. The interrupt is kept for the caller to see
   * afterwards.
   */
  public static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
