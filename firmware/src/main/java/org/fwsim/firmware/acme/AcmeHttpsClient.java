package org.fwsim.firmware.acme;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
import org.fwsim.hal.net.FirstResponse;
import org.fwsim.hal.net.Underlay;

/**
 * Carries ACME requests over HTTPS on Netty, the transport edge of the ACME client: each request on
 * its own TLS connection, opened through the appliance's {@link Egress} over the HAL underlay
 * (bound to the egress source, as SCEP's connections are), the server verified against the CA
 * certificates the appliance trusts and against the host of the URL.
 */
public final class AcmeHttpsClient implements AcmeTransport {

  private final Underlay underlay;
  private final Appliance appliance;
  private final Supplier<Collection<X509Certificate>> trusted;
  private final int maxResponseBytes;
  private final Duration timeout;

  /**
   * @param trusted the CA certificates to trust, asked at each request (an import takes effect at
   *     once)
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
  public CompletableFuture<AcmeResponse> send(AcmeRequest request, Egress egress) {
    CompletableFuture<AcmeResponse> answer = new CompletableFuture<>();
    URI url = request.url();
    int port = url.getPort() < 0 ? 443 : url.getPort();
    SslContext tls;
    try {
      tls = tls(trusted.get());
    } catch (SSLException | IllegalArgumentException e) {
      answer.completeExceptionally(e);
      return answer;
    }
    ChannelInitializer<Channel> init =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            SslHandler ssl = tls.newHandler(ch.alloc(), url.getHost(), port);
            SSLParameters p = ssl.engine().getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            ssl.engine().setSSLParameters(p);
            new FirstResponse<>(answer, AcmeHttpsClient::read, "the ACME server")
                .lastOf(ch.pipeline(), ssl, timeout, maxResponseBytes);
          }
        };
    try {
      egress
          .connect(appliance, underlay, port, init)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  answer.completeExceptionally(f.cause());
                  return;
                }
                ((Channel) f.getNow()).writeAndFlush(toHttp(request, port));
              });
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
    return answer;
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
    req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    req.headers().set(HttpHeaderNames.USER_AGENT, "fwsim-acme");
    if (r.method().equals("POST")) {
      req.headers().set(HttpHeaderNames.CONTENT_TYPE, AcmeRequest.JOSE_JSON);
    }
    req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    return req;
  }

  private static AcmeResponse read(FullHttpResponse resp) {
    Map<String, String> headers = new HashMap<>();
    resp.headers().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
    return new AcmeResponse(resp.status().code(), headers, ByteBufUtil.getBytes(resp.content()));
  }
}
