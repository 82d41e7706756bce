package org.fwsim.hal.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Told when a connection starts and when it ends, so the virtual clock can see that IO is in flight
 * and hold off fast-forwarding. Calls come from any thread, in matched pairs: every {@link
 * #ioStarted()} is followed by exactly one {@link #ioFinished()}.
 */
public interface IoTracker {

  /** Tracks nothing. */
  IoTracker NONE =
      new IoTracker() {
        @Override
        public void ioStarted() {}

        @Override
        public void ioFinished() {}
      };

  /** A connection attempt began (before any added latency). */
  void ioStarted();

  /** That connection failed to open, or closed. */
  void ioFinished();

  /**
   * Tracks a connection attempt from now until its channel closes or, if it fails, until the
   * listeners its caller adds later have posted their follow-up work: the IO token may only be
   * released once the failure is handed over, so that is done as a task on {@code loop}.
   */
  default void track(EventLoop loop, Future<Channel> connection) {
    ioStarted();
    connection.addListener(
        f -> {
          if (f.isSuccess()) {
            connection.getNow().closeFuture().addListener(c -> ioFinished());
          } else {
            try {
              loop.execute(this::ioFinished);
            } catch (RejectedExecutionException e) {
              ioFinished();
            }
          }
        });
  }
}
