package org.fwsim.firmware.est;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.fwsim.hal.net.FirstResponse;

/**
 * Carries one {@link EstRequest} over HTTPS on Netty (the transport edge of the EST client): one
 * TLS connection per request, the server verified against {@code est-server-cert} and its address,
 * the current certificate presented as TLS client certificate when given (for {@code
 * /simplereenroll}). Protocol decisions stay in {@link EstAnswer}.
 */
public final class EstHttpsClient {

  /**
   * What the server answered, before {@link EstAnswer} judges it; {@code retryAfter} is the
   * Retry-After header (RFC 7030 §4.2.3 for 202, RFC 9110 for 503), null when absent.
   */
  public record Response(int status, String contentType, byte[] body, String retryAfter) {}

  /**
   * Opens the TCP connection one exchange runs on, with {@code initializer} as its handler: the
   * appliance's egress through the underlay, or a plain bootstrap ({@link #direct}).
   */
  @FunctionalInterface
  public interface Connector {
    Future<Channel> open(ChannelHandler initializer);
  }

  private final int maxResponseBytes;
  private final Duration timeout;

  public EstHttpsClient(int maxResponseBytes, Duration timeout) {
    this.maxResponseBytes = maxResponseBytes;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** A connector straight to {@code server} with {@code template} (group, channel class set). */
  public static Connector direct(Bootstrap template, InetSocketAddress server) {
    return initializer -> {
      ChannelFuture f = template.clone().handler(initializer).connect(server);
      Promise<Channel> p = f.channel().eventLoop().newPromise();
      f.addListener(x -> p.trySuccess(f.channel()));
      f.addListener(
          x -> {
            if (!x.isSuccess()) {
              p.tryFailure(x.cause());
            }
          });
      return p;
    };
  }

  /**
   * The TLS settings of one exchange: trust only {@code serverCa} (the CA behind {@code
   * est-server-cert}); present {@code clientChain} with {@code clientKey} when not null.
   */
  public static SslContext tls(
      List<X509Certificate> serverCa, PrivateKey clientKey, List<X509Certificate> clientChain) {
    try {
      return tls(
          SslContextBuilder.forClient().trustManager(serverCa.toArray(new X509Certificate[0])),
          clientKey,
          clientChain);
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set up EST TLS: " + e.getMessage(), e);
    }
  }

  /** The TLS settings of one exchange with {@code trust} deciding on the server's chain. */
  public static SslContext tls(
      TrustManager trust, PrivateKey clientKey, List<X509Certificate> clientChain) {
    try {
      return tls(SslContextBuilder.forClient().trustManager(trust), clientKey, clientChain);
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set up EST TLS: " + e.getMessage(), e);
    }
  }

  private static SslContext tls(
      SslContextBuilder b, PrivateKey clientKey, List<X509Certificate> clientChain)
      throws SSLException {
    if (clientKey != null) {
      b.keyManager(clientKey, clientChain.toArray(new X509Certificate[0]));
    }
    return b.build();
  }

  /**
   * The TLS edge of one connection: the handler that sits below HTTP on {@code ch}, for the server
   * at {@code host}:{@code port}.
   */
  @FunctionalInterface
  public interface TlsEdge {
    ChannelHandler handler(Channel ch, String host, int port);
  }

  /** The JDK's TLS with {@code tls}, the server's certificate checked to name {@code host}. */
  public static TlsEdge jdk(SslContext tls) {
    return (ch, host, port) -> {
      SslHandler ssl = tls.newHandler(ch.alloc(), host, port);
      verifyServerAddress(ssl.engine());
      return ssl;
    };
  }

  /**
   * Sends {@code request} to the server at {@code host}:{@code port} (the name its certificate must
   * carry) over a connection from {@code connector}; the future fails on TLS, IO or timeout errors.
   */
  public CompletableFuture<Response> send(
      Connector connector, String host, int port, SslContext tls, EstRequest request) {
    return send(connector, host, port, jdk(tls), request);
  }

  /** {@link #send(Connector, String, int, SslContext, EstRequest)} over any TLS edge. */
  public CompletableFuture<Response> send(
      Connector connector, String host, int port, TlsEdge tls, EstRequest request) {
    CompletableFuture<Response> answer = new CompletableFuture<>();
    ChannelInitializer<Channel> init =
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            new FirstResponse<>(answer, EstHttpsClient::read, "EST server")
                .lastOf(ch.pipeline(), tls.handler(ch, host, port), timeout, maxResponseBytes);
          }
        };
    Future<Channel> connect;
    try {
      connect = connector.open(init);
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
      return answer;
    }
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            answer.completeExceptionally(f.cause());
            return;
          }
          connect.getNow().writeAndFlush(toHttp(request, host, port));
        });
    return answer;
  }

  /** RFC 7030 §3.3.1: the server's certificate must name the address the client connected to. */
  private static void verifyServerAddress(SSLEngine engine) {
    SSLParameters p = engine.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(p);
  }

  private static FullHttpRequest toHttp(EstRequest r, String host, int port) {
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(r.method()),
            r.path(),
            Unpooled.wrappedBuffer(r.body()));
    r.headers().forEach(req.headers()::set);
    req.headers()
        .set(HttpHeaderNames.HOST, (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    return req;
  }

  private static Response read(FullHttpResponse resp) {
    return new Response(
        resp.status().code(),
        resp.headers().get(HttpHeaderNames.CONTENT_TYPE),
        ByteBufUtil.getBytes(resp.content()),
        resp.headers().get(HttpHeaderNames.RETRY_AFTER));
  }
}
