package org.fwsim.hal.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Ties an {@link IoTracker}'s pair of calls to one connection attempt of the underlay's: kept apart
 * from the tracker, which the clock implements and which knows nothing of Netty.
 */
final class ConnectionTracking {

  private ConnectionTracking() {}

  /**
   * Tracks a connection attempt from now until its channel closes or, if it fails, until the
   * listeners its caller adds later have posted their follow-up work: the IO token may only be
   * released once the failure is handed over, so that is done as a task on {@code loop}.
   */
  static void track(IoTracker tracker, EventLoop loop, Future<Channel> connection) {
    tracker.ioStarted();
    connection.addListener(
        f -> {
          if (f.isSuccess()) {
            connection.getNow().closeFuture().addListener(c -> tracker.ioFinished());
          } else {
            try {
              loop.execute(tracker::ioFinished);
            } catch (RejectedExecutionException e) {
              tracker.ioFinished();
            }
          }
        });
  }
}
