package org.fwsim.firmware.scep.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;

/**
 * The seam between the SCEP transport and the network underneath: opens one TCP connection for a
 * request and installs the transport's handler on it. The HAL underlay's connector ({@link
 * UnderlayScepConnector}) leaves through the request's egress, bound to its source, to the CA's
 * mapped host endpoint.
 *
 * <p>Contract: install {@code handler} (a {@code ChannelInitializer}, one per connection) before
 * connecting; the future completes with the channel once connected (the transport arms the reply
 * timeout then; the connect phase itself is bounded by the connector); never block. A refusal may
 * throw {@link IllegalArgumentException} with the reason or fail the future.
 */
public interface ScepConnector {

  /**
   * @param request the request to carry: its egress and the port of its URL
   * @param handler the transport's per-connection initializer
   */
  Future<Channel> open(ScepHttpRequest request, ChannelHandler handler);
}
