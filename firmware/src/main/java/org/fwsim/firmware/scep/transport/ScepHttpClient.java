package org.fwsim.firmware.scep.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;

/**
 * Sends SCEP requests over HTTP/1.1 on Netty, one request per TCP connection as FortiOS does (it
 * reconnects for every step and sends {@code Connection: close}).
 *
 * <p>One instance serves the whole fleet: it holds no per-appliance state. Each call names the
 * appliance's {@link DebugControl} (for the forticron and scep traces) and its mailbox ({@code
 * completions}); the result is always delivered through that executor, never on the event loop. No
 * call blocks.
 */
public final class ScepHttpClient {
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
   * Sends one request on a new connection. Exactly one of {@code onOk} / {@code onError} runs, on
   * {@code completions}. The forticron lines up to {@code fcron_cert_bind_interface()-790} are
   * printed on the calling thread, the connection's lines on the event loop, and {@code
   * scep_stop_connect()-152} on {@code completions} (see {@link ScepHttpResponse#stopConnect()}).
   * {@code completions} must accept the task (an appliance mailbox that never rejects).
   */
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
            debug.trace(DebugApplication.FORTICRON), debug.trace(DebugApplication.SCEP), request);
    ScepExchange exchange = new ScepExchange(request, trace, completions, onOk, onError);
    trace.startConnect();
    if (connector instanceof LateScepConnector late) {
      sendLate(late, request, exchange);
      return;
    }
    ChannelFuture connect;
    try {
      InetAddress source = sourceAddress(request.sourceIp());
      InetSocketAddress destination = destination(request.url());
      connect =
          connector.connect(
              source, destination, new ScepChannelInitializer(exchange, maxResponseBytes));
    } catch (IllegalArgumentException e) {
      exchange.fail(ScepTransportException.Reason.CONNECT_FAILED, e.getMessage(), 0, e);
      return;
    }
    try {
      exchange.attach(connect.channel());
    } catch (IllegalStateException e) { // the channel never got an event loop
      exchange.fail(
          ScepTransportException.Reason.CONNECT_FAILED, "connect failed: " + e.getMessage(), 0, e);
      return;
    }
    connect.addListener(
        (ChannelFutureListener)
            f -> {
              if (!f.isSuccess()) {
                exchange.fail(
                    ScepTransportException.Reason.CONNECT_FAILED,
                    "connect failed: " + f.cause(),
                    0,
                    f.cause());
              }
            });
  }

  /**
   * The channel arrives once connected: the timeout is armed then (see {@link LateScepConnector}).
   */
  private void sendLate(LateScepConnector late, ScepHttpRequest request, ScepExchange exchange) {
    Future<Channel> opened;
    try {
      InetAddress source = sourceAddress(request.sourceIp());
      InetSocketAddress destination = destination(request.url());
      opened =
          late.open(source, destination, new ScepChannelInitializer(exchange, maxResponseBytes));
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

  /**
   * The same as {@link #send(ScepHttpRequest, DebugControl, Executor, Consumer, Consumer)} as a
   * future; it is completed on {@code completions}, so dependent stages added before completion run
   * there too. Fails with {@link ScepTransportException}.
   */
  public CompletableFuture<ScepHttpResponse> send(
      ScepHttpRequest request, DebugControl debug, Executor completions) {
    CompletableFuture<ScepHttpResponse> result = new CompletableFuture<>();
    send(request, debug, completions, result::complete, result::completeExceptionally);
    return result;
  }

  /** The cap on a reply's body, in bytes. */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  /** {@code 0.0.0.0} (and {@code ::}) mean "any"; otherwise an address literal, never a name. */
  static InetAddress sourceAddress(String sourceIp) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(sourceIp);
    if (bytes == null) {
      throw new IllegalArgumentException("source-ip is not an IP address: '" + sourceIp + "'");
    }
    if (allZero(bytes)) {
      return null;
    }
    return byAddress(sourceIp, bytes);
  }

  /**
   * An address literal becomes a resolved address without DNS; a name stays unresolved for the
   * connector.
   */
  static InetSocketAddress destination(ScepUrl url) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(url.host());
    if (bytes == null) {
      return InetSocketAddress.createUnresolved(url.host(), url.port());
    }
    return new InetSocketAddress(byAddress(url.host(), bytes), url.port());
  }

  private static InetAddress byAddress(String text, byte[] bytes) {
    try {
      return InetAddress.getByAddress(text, bytes);
    } catch (UnknownHostException e) { // only for a wrong length, which NetUtil never returns
      throw new IllegalArgumentException("not an IP address: " + text, e);
    }
  }

  private static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
