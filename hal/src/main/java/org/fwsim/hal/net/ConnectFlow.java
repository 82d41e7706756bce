package org.fwsim.hal.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.net.ConnectException;
import java.net.InetSocketAddress;

/**
 * The simulated side of a connection an appliance opens while its sniffer runs: who it is from and
 * to in the simulated network, and the tap that sees its packets.
 */
record ConnectFlow(Underlay.Tap tap, int source, int destination, int dstPort) {

  /**
   * The caller's handler behind a tap that reports the handshake when the connection comes up, so
   * the tap sees the first byte any handler writes.
   */
  ChannelHandler wrap(String interfaceName, ChannelHandler handler) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast(
                TcpStreamTap.beforeConnect(
                    tap,
                    localPort ->
                        new TcpStream.Ends(interfaceName, source, localPort, destination, dstPort)),
                handler);
      }
    };
  }

  /** Reports a refused attempt: SYN out, RST back. */
  void report(String interfaceName, ChannelFuture f) {
    if (!f.isSuccess() && f.cause() instanceof ConnectException) {
      int sourcePort =
          f.channel() != null && f.channel().localAddress() instanceof InetSocketAddress a
              ? a.getPort()
              : 0;
      TcpStreamTap.refused(
          tap, new TcpStream.Ends(interfaceName, source, sourcePort, destination, dstPort));
    }
  }
}
