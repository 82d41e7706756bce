package org.fwsim.testbench.ca;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fwsim.hal.net.FirstResponse;

/**
 * The ACME server's HTTP-01 validation on Netty (RFC 8555 §8.3): {@code GET
 * /.well-known/acme-challenge/<token>} with {@code Host: <domain>} at the address the domain
 * resolves to. In a simulation the resolver is the fleet's address mapping: a domain names an
 * appliance's interface address, whose loopback image the appliance answers on.
 */
final class AcmeHttp01Fetch implements AcmeAuthority.Validation {

  /** The port RFC 8555 §8.3 validates on. */
  static final int HTTP_PORT = 80;

  /** Answers longer than this are not key authorizations. */
  static final int MAX_ANSWER_BYTES = 8 * 1024;

  private final EventLoopGroup group;
  private final Function<String, InetSocketAddress> resolver;
  private final Duration timeout;

  /**
   * @param resolver the host endpoint (address and HTTP port) a domain's validation connects to;
   *     throws IllegalArgumentException for a domain it does not know
   */
  AcmeHttp01Fetch(
      EventLoopGroup group, Function<String, InetSocketAddress> resolver, Duration timeout) {
    this.group = group;
    this.resolver = resolver;
    this.timeout = timeout;
  }

  /**
   * The resolver of a CA outside a simulation ({@code fwsim ca}): the host's own DNS (a hosts-file
   * entry, say), loopback addresses only, as the CA reaches nothing else.
   */
  static Function<String, InetSocketAddress> loopbackDns(int port) {
    return domain -> {
      java.net.InetAddress a;
      try {
        a = java.net.InetAddress.getByName(domain);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException(domain + " does not resolve");
      }
      if (!a.isLoopbackAddress()) {
        throw new IllegalArgumentException(
            domain + " resolves to " + a.getHostAddress() + ", outside loopback");
      }
      return new InetSocketAddress(a, port);
    };
  }

  @Override
  public CompletableFuture<String> fetch(String domain, String token) {
    CompletableFuture<String> body = new CompletableFuture<>();
    InetSocketAddress target;
    try {
      target = resolver.apply(domain);
    } catch (IllegalArgumentException e) {
      // The resolver knows no address for it: the CA says so as a DNS problem.
      body.completeExceptionally(new java.net.UnknownHostException(e.getMessage()));
      return body;
    }
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(MAX_ANSWER_BYTES))
                    .addLast(
                        new FirstResponse<String>(
                            body,
                            r -> {
                              if (r.status().code() != 200) {
                                throw new IllegalStateException(
                                    "the appliance answered HTTP " + r.status().code());
                              }
                              return r.content().toString(StandardCharsets.US_ASCII);
                            },
                            "the HTTP-01 responder"));
              }
            })
        .connect(target)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    body.completeExceptionally(f.cause());
                    return;
                  }
                  f.channel().writeAndFlush(request(domain, token));
                });
    return body;
  }

  private static FullHttpRequest request(String domain, String token) {
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.GET,
            "/.well-known/acme-challenge/" + token,
            Unpooled.EMPTY_BUFFER);
    req.headers().set(HttpHeaderNames.HOST, domain);
    req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    req.headers().set(HttpHeaderNames.USER_AGENT, "fwsim-acme-validation");
    req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    return req;
  }
}
