package org.fwsim.hal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

class TransportsTest {

  @Test
  void picksEpollWhenAvailableAndMatchingChannelClasses() throws InterruptedException {
    Transports best = Transports.create(1);
    Transports nio = Transports.nio(1);
    try {
      assertEquals(Epoll.isAvailable(), best.epoll());
      assertEquals(best.epoll(), best.socketChannelClass().getSimpleName().startsWith("Epoll"));
      assertEquals(best.epoll(), best.serverChannelClass().getSimpleName().startsWith("Epoll"));
      assertFalse(nio.epoll());
      assertEquals(NioSocketChannel.class, nio.socketChannelClass());
    } finally {
      best.shutdownGracefully(0, 1000).sync();
      nio.shutdownGracefully(0, 1000).sync();
    }
    assertThrows(IllegalArgumentException.class, () -> Transports.create(0));
  }
}
