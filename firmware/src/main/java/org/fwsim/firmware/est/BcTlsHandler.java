package org.fwsim.firmware.est;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsPeer;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServer;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * The Netty edge of a BouncyCastle TLS connection (here TLS-SRP, RFC 5054, which the JDK's TLS
 * lacks): moves bytes between the channel and a {@link TlsProtocol} in non-blocking mode ({@code
 * offerInput}, {@code readOutput}, no streams), so the TLS state machine itself does no IO. Sits
 * where an {@code SslHandler} would: ciphertext below it, plaintext {@link ByteBuf}s above.
 * Application writes made during the handshake wait for its end. A TLS failure (a fatal alert, a
 * wrong SRP password, a server certificate refused) is passed on as the exception, after the alert
 * was sent.
 */
public final class BcTlsHandler extends ChannelDuplexHandler {

  private final TlsProtocol protocol;
  private final TlsPeer peer;
  private final Queue<Pending> pending = new ArrayDeque<>();
  private boolean started;
  private boolean failed;

  private record Pending(ByteBuf data, ChannelPromise promise) {}

  private BcTlsHandler(TlsProtocol protocol, TlsPeer peer) {
    this.protocol = protocol;
    this.peer = peer;
  }

  /** The client side of a connection: the handshake starts when the channel becomes active. */
  public static BcTlsHandler client(TlsClient client) {
    return new BcTlsHandler(new TlsClientProtocol(), client);
  }

  /** The server side of an accepted connection. */
  public static BcTlsHandler server(TlsServer server) {
    return new BcTlsHandler(new TlsServerProtocol(), server);
  }

  /** The TLS client or server this handler runs (what it learnt in the handshake, for a caller). */
  public TlsPeer peer() {
    return peer;
  }

  /** True once the handshake completed (the peer authenticated); false before and after failure. */
  public boolean established() {
    return started && !failed && !protocol.isHandshaking() && !protocol.isClosed();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    try {
      if (protocol instanceof TlsClientProtocol c) {
        c.connect((TlsClient) peer);
      } else {
        ((TlsServerProtocol) protocol).accept((TlsServer) peer);
      }
    } catch (IOException e) {
      fail(ctx, e);
      return;
    }
    sendOutput(ctx, ctx.newPromise());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(in);
    } finally {
      in.release();
    }
    if (failed) {
      return;
    }
    try {
      protocol.offerInput(bytes);
    } catch (IOException e) {
      fail(ctx, e);
      return;
    }
    sendOutput(ctx, ctx.newPromise());
    if (!protocol.isHandshaking()) {
      writePending(ctx);
    }
    int available = protocol.getAvailableInputBytes();
    if (available > 0) {
      ByteBuf plain = ctx.alloc().buffer(available);
      byte[] b = new byte[available];
      protocol.readInput(b, 0, available);
      plain.writeBytes(b);
      ctx.fireChannelRead(plain);
    }
    if (protocol.isClosed()) {
      ctx.close(); // the peer sent close_notify
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf data)) {
      ctx.write(msg, promise);
      return;
    }
    if (!started || protocol.isHandshaking()) {
      pending.add(new Pending(data, promise));
      return;
    }
    encrypt(ctx, data, promise);
  }

  private void writePending(ChannelHandlerContext ctx) {
    boolean any = !pending.isEmpty();
    Pending p;
    while ((p = pending.poll()) != null) {
      encrypt(ctx, p.data(), p.promise());
    }
    if (any) {
      ctx.flush();
    }
  }

  private void encrypt(ChannelHandlerContext ctx, ByteBuf data, ChannelPromise promise) {
    try {
      byte[] bytes = ByteBufUtil.getBytes(data);
      protocol.writeApplicationData(bytes, 0, bytes.length);
    } catch (IOException e) {
      promise.tryFailure(e);
      fail(ctx, e);
      return;
    } finally {
      data.release();
    }
    sendOutput(ctx, promise);
  }

  /** Writes and flushes what the protocol has to send; completes {@code promise} with it. */
  private void sendOutput(ChannelHandlerContext ctx, ChannelPromise promise) {
    int n = protocol.getAvailableOutputBytes();
    if (n == 0) {
      promise.trySuccess();
      return;
    }
    byte[] out = new byte[n];
    protocol.readOutput(out, 0, n);
    ctx.writeAndFlush(ctx.alloc().buffer(n).writeBytes(out), promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (started && !failed && !protocol.isClosed()) {
      try {
        protocol.close(); // close_notify
      } catch (IOException ignored) {
        // the connection closes anyway
      }
      sendOutput(ctx, ctx.newPromise());
    }
    ctx.close(promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    failPending(new IOException("connection closed"));
    ctx.fireChannelInactive();
  }

  /** Sends the alert the protocol queued, then reports {@code e} up the pipeline. */
  private void fail(ChannelHandlerContext ctx, IOException e) {
    failed = true;
    sendOutput(ctx, ctx.newPromise());
    failPending(e);
    ctx.fireExceptionCaught(e);
  }

  private void failPending(IOException e) {
    Pending p;
    while ((p = pending.poll()) != null) {
      p.data().release();
      p.promise().tryFailure(e);
    }
  }
}
