package org.fwsim.firmware.cmp;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
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
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.Underlay;

/**
 * The CMP client's HTTP transport on Netty (RFC 6712): one connection per message, as the SCEP
 * client does, opened through the appliance's egress (interface, {@code source-ip}, loopback image
 * of the source) over the HAL underlay; POST with {@code application/pkixcmp} and {@code
 * Connection: close}. One per appliance; it holds no per-request state.
 */
public final class CmpHttpTransport implements CmpTransport {

  /** Cap on an answer's size: a PKIMessage with a few certificates is a few KiB. */
  public static final int MAX_RESPONSE_BYTES = 256 * 1024;

  private final Appliance appliance;
  private final Underlay underlay;

  public CmpHttpTransport(Appliance appliance, Underlay underlay) {
    this.appliance = Objects.requireNonNull(appliance, "appliance");
    this.underlay = Objects.requireNonNull(underlay, "underlay");
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
                      .addLast("answer", new AnswerHandler(result));
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

  /** Completes the future with the first answer, or with why none came; then closes. */
  static final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final CompletableFuture<byte[]> result;

    AnswerHandler(CompletableFuture<byte[]> result) {
      this.result = result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
      int status = resp.status().code();
      String type = resp.headers().get(HttpHeaderNames.CONTENT_TYPE);
      if (status != 200) {
        fail(CmpTransportException.Reason.HTTP_STATUS, status, "HTTP " + resp.status(), null);
      } else if (type == null
          || !type.split(";", 2)[0]
              .trim()
              .toLowerCase(Locale.ROOT)
              .equals(CmpMessages.CONTENT_TYPE)) {
        fail(
            CmpTransportException.Reason.NOT_PKIX_CMP,
            0,
            "answer is " + type + ", not " + CmpMessages.CONTENT_TYPE,
            null);
      } else {
        result.complete(ByteBufUtil.getBytes(resp.content()));
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      fail(CmpTransportException.Reason.CLOSED, 0, "connection closed before the answer", null);
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof ReadTimeoutException) {
        fail(CmpTransportException.Reason.TIMEOUT, 0, "no answer in time", cause);
      } else if (cause instanceof TooLongFrameException) {
        fail(CmpTransportException.Reason.NOT_PKIX_CMP, 0, "answer too large", cause);
      } else {
        fail(CmpTransportException.Reason.CLOSED, 0, "connection failed: " + cause, cause);
      }
      ctx.close();
    }

    private void fail(CmpTransportException.Reason r, int status, String text, Throwable cause) {
      result.completeExceptionally(new CmpTransportException(r, status, text, cause));
    }
  }
}
