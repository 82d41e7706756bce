package org.fwsim.firmware.scep.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A {@link ScepConnector} that learns its channel only once the connection is up, as the HAL
 * underlay does (it may delay the attempt for a simulated latency, or fail it before any channel
 * exists). The transport then arms the reply timeout when the channel arrives; the connect phase
 * itself is bounded by the connector (loopback connects succeed or are refused at once).
 */
public interface LateScepConnector extends ScepConnector {

  /**
   * Opens one connection with {@code handler} installed; same arguments as {@link
   * ScepConnector#connect}. Never blocks; a refusal may throw {@link IllegalArgumentException} or
   * fail the future.
   */
  Future<Channel> open(InetAddress source, InetSocketAddress destination, ChannelHandler handler);

  /** Not used for late connectors: the transport calls {@link #open} instead. */
  @Override
  default ChannelFuture connect(
      InetAddress source, InetSocketAddress destination, ChannelHandler handler) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " learns its channel late; the transport calls open(), not connect()");
  }
}
