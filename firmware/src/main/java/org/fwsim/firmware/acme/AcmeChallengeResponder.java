package org.fwsim.firmware.acme;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.fwsim.hal.net.Transports;

/**
 * The appliance's answer to HTTP-01 (RFC 8555 §8.3): {@code GET
 * /.well-known/acme-challenge/<token>} on the host endpoint of the appliance's interface address
 * gives the key authorization as {@code text/plain}; anything else is 404. One listener per host
 * endpoint, bound at its first challenge and kept. Tokens are published from the mailbox and read
 * on the event loops, hence the concurrent maps.
 */
public final class AcmeChallengeResponder {

  /** The path prefix RFC 8555 §8.3 fixes. */
  public static final String PREFIX = "/.well-known/acme-challenge/";

  private final Transports transports;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, Listener> listeners = new ConcurrentHashMap<>();

  /** How many validation requests were answered with a key authorization, for diagnostics. */
  private final java.util.concurrent.atomic.AtomicLong served =
      new java.util.concurrent.atomic.AtomicLong();

  private record Listener(CompletableFuture<Channel> channel, java.util.Set<String> tokens) {}

  public AcmeChallengeResponder(Transports transports) {
    this.transports = Objects.requireNonNull(transports, "transports");
  }

  /**
   * Answers {@code token} at {@code endpoint} from now on; the future completes once the endpoint
   * listens (or fails with the bind error, naming the endpoint).
   */
  public CompletableFuture<Void> publish(
      InetSocketAddress endpoint, String token, String keyAuthorization) {
    answers.put(token, keyAuthorization);
    Listener l =
        listeners.computeIfAbsent(
            endpoint, e -> new Listener(bind(e), ConcurrentHashMap.newKeySet()));
    l.tokens().add(token);
    return l.channel()
        .handle(
            (ch, error) -> {
              if (error != null) {
                withdraw(endpoint, token);
                listeners.remove(endpoint, l); // the next challenge tries to bind again
                throw new IllegalStateException(
                    "cannot answer ACME http-01 on "
                        + hostPort(endpoint)
                        + ": "
                        + error.getMessage(),
                    error);
              }
              return null;
            });
  }

  /**
   * Stops answering {@code token}. The endpoint keeps listening (as FortiOS keeps answering on the
   * ACME interfaces): the next challenge, a renewal's, finds it bound, and no rebind races the
   * TIME_WAIT connections of the last validation.
   */
  public void withdraw(InetSocketAddress endpoint, String token) {
    answers.remove(token);
    Listener l = listeners.get(endpoint);
    if (l != null) {
      l.tokens().remove(token);
    }
  }

  /**
   * The host endpoints answering HTTP-01 now or bound before, as bound: port 0 asked for is the
   * port the host gave (still 0 while the bind is under way); any thread.
   */
  public java.util.List<InetSocketAddress> endpoints() {
    java.util.List<InetSocketAddress> out = new java.util.ArrayList<>(listeners.size());
    listeners.forEach(
        (asked, l) -> {
          CompletableFuture<Channel> bound = l.channel();
          boolean up = bound.isDone() && !bound.isCompletedExceptionally();
          out.add(up ? (InetSocketAddress) bound.join().localAddress() : asked);
        });
    return out;
  }

  /** Validation requests answered with a key authorization since start. */
  public long served() {
    return served.get();
  }

  private CompletableFuture<Channel> bind(InetSocketAddress endpoint) {
    CompletableFuture<Channel> bound = new CompletableFuture<>();
    new ServerBootstrap()
        .group(transports.group())
        .channel(transports.serverChannelClass())
        // A restarted appliance rebinds while its last answers' connections are in TIME_WAIT.
        .option(ChannelOption.SO_REUSEADDR, true)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(8192))
                    .addLast(new Answer());
              }
            })
        .bind(endpoint)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (f.isSuccess()) {
                    bound.complete(f.channel());
                  } else {
                    bound.completeExceptionally(f.cause());
                  }
                });
    return bound;
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** One validation request: the key authorization of a known token, else 404. */
  private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri();
      String keyAuthorization =
          req.method().equals(HttpMethod.GET) && path.startsWith(PREFIX)
              ? answers.get(path.substring(PREFIX.length()))
              : null;
      FullHttpResponse resp;
      if (keyAuthorization == null) {
        resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
      } else {
        served.incrementAndGet();
        resp =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                Unpooled.copiedBuffer(keyAuthorization, StandardCharsets.US_ASCII));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      }
      resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
