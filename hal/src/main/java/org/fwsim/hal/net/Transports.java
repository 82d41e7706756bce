package org.fwsim.hal.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Netty event loop group shared by every appliance and the CA, with the socket channel classes
 * that match it: native epoll where available, else NIO. The Hypervisor owns one.
 *
 * @param group the event loops (Netty 4.2 {@link MultiThreadIoEventLoopGroup})
 * @param socketChannelClass client channel class matching the group
 * @param serverChannelClass server channel class matching the group
 * @param epoll true when the native epoll transport is in use
 */
public record Transports(
    EventLoopGroup group,
    Class<? extends SocketChannel> socketChannelClass,
    Class<? extends ServerSocketChannel> serverChannelClass,
    boolean epoll) {

  /** Epoll when {@link Epoll#isAvailable()}, else NIO; daemon threads named {@code fwsim-io-*}. */
  public static Transports create(int threads) {
    return of(threads, Epoll.isAvailable());
  }

  /** NIO regardless of platform. */
  public static Transports nio(int threads) {
    return of(threads, false);
  }

  /** The group and the channel classes of one transport: native epoll, or NIO. */
  private static Transports of(int threads, boolean epoll) {
    return new Transports(
        newGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory()),
        epoll ? EpollSocketChannel.class : NioSocketChannel.class,
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
        epoll);
  }

  private static EventLoopGroup newGroup(int threads, IoHandlerFactory factory) {
    if (threads < 1) {
      throw new IllegalArgumentException("event loop threads " + threads + " must be at least 1");
    }
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory("fwsim-io", true), factory);
  }

  /**
   * A NIO server on {@code group} whose accepted channels get their handlers from {@code
   * childPipeline}: the loopback servers (CA, management, metrics, test peers) start from it.
   */
  public static ServerBootstrap nioServer(
      EventLoopGroup group, Consumer<ChannelPipeline> childPipeline) {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                childPipeline.accept(ch.pipeline());
              }
            });
  }

  /**
   * Closes the event loops after {@code quietMillis} without new tasks, at most {@code
   * timeoutMillis}.
   */
  public Future<?> shutdownGracefully(long quietMillis, long timeoutMillis) {
    return group.shutdownGracefully(quietMillis, timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
