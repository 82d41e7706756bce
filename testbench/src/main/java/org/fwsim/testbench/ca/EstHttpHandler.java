package org.fwsim.testbench.ca;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.fwsim.firmware.est.BcTlsHandler;

/**
 * The EST server's HTTP face: turns one decoded request and the TLS client certificate (or TLS-SRP
 * user) into an {@link EstResponder.Request}, runs it on the CA's workers (it may sign) and writes
 * the answer, base64 with {@code Content-Transfer-Encoding: base64} on success. One answer per
 * connection.
 */
final class EstHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** What a 503 asks a client to wait, in seconds: about one queue's worth of signing. */
  static final String BUSY_RETRY_AFTER_SECONDS = "1";

  private final EstResponder responder;
  private final CaHttpHandler.Shared shared;

  EstHttpHandler(EstResponder responder, CaHttpHandler.Shared shared) {
    this.responder = responder;
    this.shared = shared;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    String method = req.method().name();
    if (!req.decoderResult().isSuccess()) {
      write(ctx, method, plain(400, "malformed HTTP request"));
      return;
    }
    EstResponder.Request r =
        new EstResponder.Request(
            method,
            new QueryStringDecoder(req.uri()).rawPath(),
            req.headers().get(HttpHeaderNames.AUTHORIZATION),
            req.headers().get(HttpHeaderNames.CONTENT_TYPE),
            clientCertificate(ctx),
            srpUser(ctx),
            ByteBufUtil.getBytes(req.content()));
    boolean queued =
        shared
            .workers()
            .tryExecute(
                () -> {
                  EstResponder.Answer a;
                  try {
                    a = responder.answer(r);
                  } catch (RuntimeException e) {
                    // The client gets a status, never a stack trace; the worker lives on.
                    a = plain(500, "cannot answer: " + e.getClass().getSimpleName());
                  }
                  EstResponder.Answer answer = a;
                  ctx.executor().execute(() -> write(ctx, method, answer));
                });
    if (!queued) {
      // RFC 7030 §4.2.3 and RFC 9110 §15.6.4: a busy server says when to come back.
      EstResponder.Answer busy = plain(503, "CA busy: work queue full, retry later");
      write(
          ctx,
          method,
          new EstResponder.Answer(
              busy.status(),
              busy.contentType(),
              busy.body(),
              java.util.Map.of("Retry-After", BUSY_RETRY_AFTER_SECONDS),
              busy.operation(),
              busy.detail()));
    }
  }

  /** The certificate the client proved it holds in the TLS handshake, or null. */
  private static X509Certificate clientCertificate(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException none) {
      return null;
    }
  }

  /** The user a completed TLS-SRP handshake authenticated (RFC 5054), or null. */
  private static String srpUser(ChannelHandlerContext ctx) {
    BcTlsHandler tls = ctx.pipeline().get(BcTlsHandler.class);
    return tls != null && tls.established() && tls.peer() instanceof EstSrpServer srp
        ? srp.user()
        : null;
  }

  private void write(ChannelHandlerContext ctx, String method, EstResponder.Answer a) {
    PkiAnswer logged = a.forLog();
    shared.recorder().answered(ctx.channel().remoteAddress(), method, "EST", null, logged);
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(a.status()),
            Unpooled.wrappedBuffer(a.body()));
    FacHeaders.apply(
        resp.headers(), shared.clock(), a.body().length, a.contentType(), false, null, null);
    a.headers().forEach(resp.headers()::add);
    if (a.base64()) {
      resp.headers().add("Content-Transfer-Encoding", "base64");
    }
    CaPipeline.answerAndClose(ctx, resp);
  }

  private static EstResponder.Answer plain(int status, String why) {
    return new EstResponder.Answer(
        status,
        "text/plain; charset=UTF-8",
        (why + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.util.Map.of(),
        "other",
        why);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A failed handshake or a reset concerns this connection only.
    ctx.close();
  }
}
