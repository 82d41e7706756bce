package org.fwsim.firmware.scep.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One request/reply on one connection: writes the request once connected, arms the timeout, and
 * completes exactly once, on the caller's executor, never on the event loop.
 */
final class ScepExchange {
  private final ScepHttpRequest request;
  private final ScepConnectionTrace trace;
  private final Executor completions;
  private final Consumer<ScepHttpResponse> onOk;
  private final Consumer<ScepTransportException> onError;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile Channel channel;
  private volatile ScheduledFuture<?> timeout;

  ScepExchange(
      ScepHttpRequest request,
      ScepConnectionTrace trace,
      Executor completions,
      Consumer<ScepHttpResponse> onOk,
      Consumer<ScepTransportException> onError) {
    this.request = request;
    this.trace = trace;
    this.completions = completions;
    this.onOk = onOk;
    this.onError = onError;
  }

  ScepHttpRequest request() {
    return request;
  }

  ScepConnectionTrace trace() {
    return trace;
  }

  /**
   * Arms the timeout on the connection's event loop; it covers connect, send and the whole reply.
   */
  void attach(Channel ch) {
    channel = ch;
    long nanos = request.timeout().toNanos();
    timeout =
        ch.eventLoop()
            .schedule(
                () ->
                    fail(
                        ScepTransportException.Reason.TIMEOUT,
                        "no complete reply within " + request.timeout().toMillis() + " ms",
                        0,
                        null),
                nanos,
                TimeUnit.NANOSECONDS);
    if (done.get()) {
      cancelTimeout(); // completed while we were arming
      closeChannel();
    }
  }

  /** On the event loop, once TCP is up: trace and send the request. */
  void connected(Channel ch) {
    channel = ch; // may run before attach() on a fast connect
    trace.connected();
    ch.writeAndFlush(request.toNetty())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (f.isSuccess()) {
                    trace.sent();
                  } else {
                    fail(
                        ScepTransportException.Reason.PROTOCOL,
                        "sending the request failed: " + f.cause(),
                        0,
                        f.cause());
                  }
                });
  }

  void succeed(ScepHttpResponse response) {
    if (finish()) {
      try {
        completions.execute(
            () -> {
              try {
                onOk.accept(response);
              } finally {
                trace.stopConnect();
                trace.afterRead();
              }
            });
      } finally {
        closeChannel();
      }
    }
  }

  void fail(ScepTransportException.Reason reason, String what, int status, Throwable cause) {
    if (finish()) {
      ScepTransportException e =
          new ScepTransportException(
              reason,
              request + " to " + request.url().host() + ":" + request.url().port() + ": " + what,
              status,
              cause,
              trace::stopConnect);
      try {
        completions.execute(
            () -> {
              try {
                onError.accept(e);
              } finally {
                trace.stopConnect();
                trace.afterRead();
              }
            });
      } finally {
        closeChannel();
      }
    }
  }

  boolean isDone() {
    return done.get();
  }

  private boolean finish() {
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    cancelTimeout();
    return true;
  }

  /**
   * Closed only after the completion is posted: the underlay reports the connection's IO as
   * finished when it closes, and fast-forward must not see the simulation quiet (and jump the
   * clock) between the reply and the mailbox message that handles it (hal Activity's rule).
   */
  private void closeChannel() {
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  private void cancelTimeout() {
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
  }
}
