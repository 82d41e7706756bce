package org.fwsim.hal.net;

import io.netty.channel.ChannelFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;

/**
 * The simulated side of a connection an appliance opens while its sniffer runs: who it is from and
 * to in the simulated network, and the tap that sees its packets.
 */
record ConnectFlow(Underlay.Tap tap, int source, int destination, int dstPort) {

  /**
   * Reports the attempt's packets: the handshake and a tap first in the pipeline when it came up
   * (before the caller's listeners can write), SYN and RST when the peer refused it.
   */
  void report(String interfaceName, ChannelFuture f) {
    int sourcePort =
        f.channel() != null && f.channel().localAddress() instanceof InetSocketAddress a
            ? a.getPort()
            : 0;
    TcpStream.Ends ends =
        new TcpStream.Ends(interfaceName, source, sourcePort, destination, dstPort);
    if (f.isSuccess()) {
      f.channel().pipeline().addFirst(TcpStreamTap.connected(tap, ends));
    } else if (f.cause() instanceof ConnectException) {
      TcpStreamTap.refused(tap, ends);
    }
  }
}
