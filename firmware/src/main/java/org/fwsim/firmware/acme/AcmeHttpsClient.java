package org.fwsim.firmware.acme;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Underlay;

/**
 * Carries ACME requests over HTTPS on Netty, the transport edge of the ACME client: each
 * enrollment's requests on one kept-alive TLS connection (a new one only when the server closed
 * it), opened through the appliance's {@link Egress} over the HAL underlay (bound to the egress
 * source, as SCEP's connections are), the server verified against the CA certificates the appliance
 * trusts and against the host of the URL.
 */
public final class AcmeHttpsClient implements AcmeTransport {

  private final Underlay underlay;
  private final Appliance appliance;
  private final Supplier<Collection<X509Certificate>> trusted;
  private final int maxResponseBytes;
  private final Duration timeout;

  /**
   * @param trusted the CA certificates to trust, asked as each enrollment opens its connection (an
   *     import takes effect with the next enrollment)
   */
  public AcmeHttpsClient(
      Underlay underlay,
      Appliance appliance,
      Supplier<Collection<X509Certificate>> trusted,
      int maxResponseBytes,
      Duration timeout) {
    this.underlay = Objects.requireNonNull(underlay, "underlay");
    this.appliance = Objects.requireNonNull(appliance, "appliance");
    this.trusted = Objects.requireNonNull(trusted, "trusted");
    this.maxResponseBytes = maxResponseBytes;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public Conversation open(Egress egress) {
    return new KeptAlive(Objects.requireNonNull(egress, "egress"));
  }

  /**
   * One enrollment's connection, kept alive between its requests. A request sent on a reused
   * connection that the server closed before answering (an idle timeout racing the request) is sent
   * once more on a fresh one; a {@code badNonce} that may follow is the session's to retry.
   */
  private final class KeptAlive implements Conversation {
    private final Egress egress;
    private SslContext tls;
    private volatile Channel channel;
    private volatile String endpoint;
    private volatile boolean closed;

    KeptAlive(Egress egress) {
      this.egress = egress;
    }

    @Override
    public CompletableFuture<AcmeResponse> send(AcmeRequest request) {
      CompletableFuture<AcmeResponse> answer = new CompletableFuture<>();
      Channel ch = channel;
      if (ch != null && ch.isActive() && endpointOf(request).equals(endpoint)) {
        AcmeReplies.of(ch)
            .send(ch, toHttp(request, port(request)))
            .whenComplete(
                (response, error) -> {
                  if (error instanceof AcmeReplies.ClosedUnanswered) {
                    sendFresh(request, answer);
                  } else if (error != null) {
                    answer.completeExceptionally(error);
                  } else {
                    answer.complete(response);
                  }
                });
      } else {
        sendFresh(request, answer);
      }
      return answer;
    }

    private void sendFresh(AcmeRequest request, CompletableFuture<AcmeResponse> answer) {
      Channel old = channel;
      channel = null;
      if (old != null) {
        old.close();
      }
      URI url = request.url();
      int port = port(request);
      try {
        if (tls == null) {
          tls = tls(trusted.get()); // once per enrollment: the trust is read as it starts
        }
        SslContext context = tls;
        ChannelInitializer<Channel> init =
            new ChannelInitializer<>() {
              @Override
              protected void initChannel(Channel ch) {
                SslHandler ssl = context.newHandler(ch.alloc(), url.getHost(), port);
                SSLParameters p = ssl.engine().getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                ssl.engine().setSSLParameters(p);
                new AcmeReplies().lastOf(ch.pipeline(), ssl, timeout, maxResponseBytes);
              }
            };
        egress
            .connect(appliance, underlay, port, init)
            .addListener(f -> connected(f, request, answer));
      } catch (SSLException | RuntimeException e) {
        answer.completeExceptionally(e);
      }
    }

    private void connected(
        io.netty.util.concurrent.Future<?> f,
        AcmeRequest request,
        CompletableFuture<AcmeResponse> answer) {
      if (!f.isSuccess()) {
        answer.completeExceptionally(f.cause());
        return;
      }
      Channel ch = (Channel) f.getNow();
      channel = ch;
      endpoint = endpointOf(request);
      if (closed) { // the enrollment ended while connecting
        ch.close();
        answer.completeExceptionally(new java.io.IOException("the ACME conversation is closed"));
        return;
      }
      AcmeReplies.of(ch)
          .send(ch, toHttp(request, port(request)))
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  answer.completeExceptionally(error);
                } else {
                  answer.complete(response);
                }
              });
    }

    @Override
    public void close() {
      closed = true;
      Channel ch = channel;
      if (ch != null) {
        ch.close();
      }
    }
  }

  private static int port(AcmeRequest r) {
    return r.url().getPort() < 0 ? 443 : r.url().getPort();
  }

  private static String endpointOf(AcmeRequest r) {
    return r.url().getHost() + ":" + port(r);
  }

  private static SslContext tls(Collection<X509Certificate> trusted) throws SSLException {
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException(
          "no CA certificate to verify the ACME server with: import its CA first");
    }
    return SslContextBuilder.forClient()
        .trustManager(trusted.toArray(new X509Certificate[0]))
        .build();
  }

  private static FullHttpRequest toHttp(AcmeRequest r, int port) {
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(r.method()),
            r.url().getRawPath()
                + (r.url().getRawQuery() == null ? "" : "?" + r.url().getRawQuery()),
            Unpooled.wrappedBuffer(r.body()));
    req.headers().set(HttpHeaderNames.HOST, r.url().getHost() + ":" + port);
    req.headers().set(HttpHeaderNames.USER_AGENT, "fwsim-acme");
    if (r.method().equals("POST")) {
      req.headers().set(HttpHeaderNames.CONTENT_TYPE, AcmeRequest.JOSE_JSON);
    }
    req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    return req;
  }

  static AcmeResponse read(FullHttpResponse resp) {
    Map<String, String> headers = new HashMap<>();
    resp.headers().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
    return new AcmeResponse(resp.status().code(), headers, ByteBufUtil.getBytes(resp.content()));
  }
}
