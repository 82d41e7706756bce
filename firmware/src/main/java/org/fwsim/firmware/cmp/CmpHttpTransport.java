package org.fwsim.firmware.cmp;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.Future;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.FirstResponse;
import org.fwsim.hal.net.Underlay;

/**
 * The CMP client's HTTP transport on Netty (RFC 6712): one connection per message, as the SCEP
 * client does, opened through the appliance's egress (interface, {@code source-ip}, loopback image
 * of the source) over the HAL underlay; POST with {@code application/pkixcmp} and {@code
 * Connection: close}. One per appliance; it holds no per-request state.
 */
public record CmpHttpTransport(Appliance appliance, Underlay underlay) implements CmpTransport {

  /** Cap on an answer's size: a PKIMessage with a few certificates is a few KiB. */
  public static final int MAX_RESPONSE_BYTES = 256 * 1024;

  public CmpHttpTransport {
    Objects.requireNonNull(appliance, "appliance");
    Objects.requireNonNull(underlay, "underlay");
  }

  @Override
  public CompletableFuture<byte[]> post(
      CmpServer server, Egress egress, byte[] message, Duration timeout) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Future<Channel> opened;
    try {
      opened =
          egress.connect(
              appliance,
              underlay,
              server.port(),
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                  ch.pipeline()
                      .addLast(
                          "timeout",
                          new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS))
                      .addLast("http", new HttpClientCodec())
                      .addLast("aggregate", new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                      .addLast("answer", answerHandler(result));
                }
              });
    } catch (RuntimeException e) {
      result.completeExceptionally(
          new CmpTransportException(
              CmpTransportException.Reason.CONNECT_FAILED, 0, e.getMessage(), e));
      return result;
    }
    opened.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(
                new CmpTransportException(
                    CmpTransportException.Reason.CONNECT_FAILED,
                    0,
                    "connect to " + server.hostPort() + " failed: " + f.cause().getMessage(),
                    f.cause()));
            return;
          }
          opened.getNow().writeAndFlush(request(server, message));
        });
    return result;
  }

  /** The POST of one PKIMessage; header names spelled as common clients send them. */
  static FullHttpRequest request(CmpServer server, byte[] message) {
    FullHttpRequest r =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.POST, server.path(), Unpooled.wrappedBuffer(message));
    r.headers().set("Host", server.hostHeader());
    r.headers().set("Content-Type", CmpMessages.CONTENT_TYPE);
    r.headers().setInt("Content-Length", message.length);
    r.headers().set("Connection", "close");
    return r;
  }

  /**
   * The last handler: completes {@code result} with the first answer's PKIMessage, or with a {@link
   * CmpTransportException} saying why none came; then closes.
   */
  static ChannelHandler answerHandler(CompletableFuture<byte[]> result) {
    CompletableFuture<byte[]> first = new CompletableFuture<>();
    first.whenComplete(
        (der, error) -> {
          if (error == null) {
            result.complete(der);
          } else {
            result.completeExceptionally(typed(error));
          }
        });
    return new FirstResponse<>(first, CmpHttpTransport::read, "the CMP server");
  }

  /** The PKIMessage of a 200 with {@code application/pkixcmp}; else why it is none. */
  private static byte[] read(FullHttpResponse resp) {
    int status = resp.status().code();
    String type = resp.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (status != 200) {
      throw new UncheckedIOException(
          new CmpTransportException(
              CmpTransportException.Reason.HTTP_STATUS, status, "HTTP " + resp.status(), null));
    }
    if (!CmpMessages.isPkixCmp(type)) {
      throw new UncheckedIOException(
          new CmpTransportException(
              CmpTransportException.Reason.NOT_PKIX_CMP,
              0,
              "answer is " + type + ", not " + CmpMessages.CONTENT_TYPE,
              null));
    }
    return ByteBufUtil.getBytes(resp.content());
  }

  /** What ended the exchange without an answer, as the transaction counts it. */
  private static CmpTransportException typed(Throwable error) {
    if (error instanceof UncheckedIOException u
        && u.getCause() instanceof CmpTransportException t) {
      return t;
    }
    if (error instanceof ReadTimeoutException) {
      return new CmpTransportException(
          CmpTransportException.Reason.TIMEOUT, 0, "no answer in time", error);
    }
    if (error instanceof TooLongFrameException) {
      return new CmpTransportException(
          CmpTransportException.Reason.NOT_PKIX_CMP, 0, "answer too large", error);
    }
    return new CmpTransportException(
        CmpTransportException.Reason.CLOSED, 0, error.getMessage(), error);
  }
}
