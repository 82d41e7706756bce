package org.fwsim.firmware.scep.transport;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;

/**
 * Sends SCEP requests over HTTP/1.1 on Netty, one request per TCP connection as FortiOS does (it
 * reconnects for every step and sends {@code Connection: close}).
 *
 * <p>One per connector (an appliance's, over the underlay): it holds no other state. Each call
 * names the appliance's {@link DebugControl} (for the forticron and scep traces) and its mailbox
 * ({@code completions}); the result is always delivered through that executor, never on the event
 * loop. No call blocks.
 */
public final class ScepHttpClient implements ScepTransport {
  /** Default cap on a reply (header and body aggregated): 256 KiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

  private final ScepConnector connector;
  private final int maxResponseBytes;

  public ScepHttpClient(ScepConnector connector) {
    this(connector, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /**
   * @param maxResponseBytes largest reply body accepted; bigger ones fail with {@code TOO_LARGE}
   */
  public ScepHttpClient(ScepConnector connector, int maxResponseBytes) {
    this.connector = Objects.requireNonNull(connector, "connector");
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException(
          "maxResponseBytes must be positive, got " + maxResponseBytes);
    }
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * Sends one request on a new connection. The forticron lines up to {@code
   * fcron_cert_bind_interface()-790} are printed on the calling thread, the connection's lines on
   * the event loop, and {@code scep_stop_connect()-152} on {@code completions} (see {@link
   * ScepHttpResponse#stopConnect()}). The reply timeout is armed once the channel is connected.
   */
  @Override
  public void send(
      ScepHttpRequest request,
      DebugControl debug,
      Executor completions,
      Consumer<ScepHttpResponse> onOk,
      Consumer<ScepTransportException> onError) {
    Objects.requireNonNull(completions, "completions");
    Objects.requireNonNull(onOk, "onOk");
    Objects.requireNonNull(onError, "onError");
    ScepConnectionTrace trace =
        new ScepConnectionTrace(
            debug.trace(DebugApplication.FORTICRON),
            debug.trace(DebugApplication.SCEP),
            request,
            completions);
    ScepExchange exchange = new ScepExchange(request, trace, completions, onOk, onError);
    trace.startConnect();
    Future<Channel> opened;
    try {
      opened = connector.open(request, ScepResponseHandler.pipeline(exchange, maxResponseBytes));
    } catch (IllegalArgumentException | IllegalStateException e) {
      exchange.fail(ScepTransportException.Reason.CONNECT_FAILED, e.getMessage(), 0, e);
      return;
    }
    opened.addListener(
        f -> {
          if (f.isSuccess()) {
            exchange.attach(opened.getNow());
          } else {
            exchange.fail(
                ScepTransportException.Reason.CONNECT_FAILED,
                "connect failed: " + f.cause(),
                0,
                f.cause());
          }
        });
  }

  /** The cap on a reply's body, in bytes. */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }
}
