package org.fwsim.testbench.mgmt.https;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.admin.AdminSettings;
import org.fwsim.firmware.admin.SealedKeys;
import org.fwsim.firmware.rest.RestApi;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Transports;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.vdom.Vdom;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;

/**
 * One HTTPS server for the whole fleet: it may listen at many addresses (each device's loopback
 * management address), and routes every accepted connection by the local address it reached. Before
 * TLS starts, one hop to the appliance's mailbox reads whether the management interface allows
 * {@code https} (live: a refused connection is closed) and which certificate {@code
 * admin-server-cert} names; the handshake then presents it. No thread and no server object per
 * device.
 */
public final class HttpsServer implements AutoCloseable {
  private final ManagedDevices devices;
  private final EventLoopGroup group;
  private final boolean ownGroup;
  private final ServerCertificates certificates = new ServerCertificates();
  private final Map<InetSocketAddress, Channel> listening = new HashMap<>();

  /**
   * @param devices the fleet's devices, found by the local address a connection reached
   * @param group event loops to run on; null for one of its own, with one thread
   */
  public HttpsServer(ManagedDevices devices, EventLoopGroup group) {
    this.devices = devices;
    this.ownGroup = group == null;
    this.group =
        group != null ? group : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  /**
   * Listens at one more loopback address (port 0 picks a free one).
   *
   * @return the address actually bound
   * @throws IllegalArgumentException for an address outside 127.0.0.0/8 and ::1
   */
  public synchronized InetSocketAddress listen(InetSocketAddress address) {
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      // The charter keeps every socket on loopback: a device's address elsewhere is a defect
      // upstream, never a reason to listen on the machine's other interfaces.
      throw new IllegalArgumentException("HTTPS listens on loopback only, not " + address);
    }
    ServerBootstrap sb =
        Transports.nioServer(group, pipeline -> pipeline.addLast("gate", new Gate()))
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false);
    Channel ch = sb.bind(address).syncUninterruptibly().channel();
    InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
    listening.put(bound, ch);
    return bound;
  }

  /** Stops listening at an address {@link #listen} bound; its connections stay open. */
  public synchronized void unlisten(InetSocketAddress bound) {
    Channel ch = listening.remove(bound);
    if (ch != null) {
      ch.close().syncUninterruptibly();
    }
  }

  @Override
  public synchronized void close() {
    for (Channel c : listening.values()) {
      c.close().syncUninterruptibly();
    }
    listening.clear();
    if (ownGroup) {
      group
          .shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS)
          .syncUninterruptibly();
    }
  }

  /** What a connection learns from the appliance before its handshake. */
  private record Admission(
      boolean allowed,
      LocalCertificate cert,
      ServerCertificates.SelfSigned selfSigned,
      RestApi api) {}

  /** Holds the connection unread until the appliance says whether and with what to serve it. */
  private final class Gate extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
      ManagedDevice device =
          devices.byHostAddress(Ip4.fromInetAddress(local.getAddress())).orElse(null);
      if (device == null) {
        ctx.close();
        return;
      }
      ChannelHandler sniffed =
          devices
              .hypervisor()
              .underlay()
              .acceptedTap(
                  device.mgmtInterface(),
                  HTTPS,
                  local,
                  (InetSocketAddress) ctx.channel().remoteAddress());
      if (sniffed != null) {
        ctx.pipeline().addFirst("sniffer", sniffed); // the wire's edge: TLS records as sent
      }
      Firmware fw = device.firmware();
      fw.appliance()
          .call(() -> admit(fw, device.mgmtInterface()))
          .whenComplete(
              (a, err) -> ctx.channel().eventLoop().execute(() -> start(ctx, fw, a, err)));
    }

    private void start(ChannelHandlerContext ctx, Firmware fw, Admission a, Throwable err) {
      if (err != null || a == null || !a.allowed()) {
        ctx.close();
        return;
      }
      SslContext ssl;
      try {
        ssl = certificates.contextFor(fw.appliance().serial(), a.cert(), a.selfSigned());
      } catch (Exception e) {
        ctx.close();
        return;
      }
      ctx.pipeline()
          .addLast("tls", ssl.newHandler(ctx.alloc()))
          .addLast("http", new HttpServerCodec())
          .addLast("aggregate", new HttpObjectAggregator(RestApi.MAX_BODY))
          .addLast("rest", new RestHandler(fw.appliance(), a.api()));
      ctx.pipeline().remove(this);
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Mailbox only: {@code allowaccess https} on the interface, and the named certificate. */
  private static Admission admit(Firmware fw, String managementInterface) {
    var iface = fw.config().global().table("system interface").get(managementInterface);
    boolean allowed = iface != null && iface.list("allowaccess").contains("https");
    String name = AdminSettings.of(fw.config()).serverCert();
    LocalCertificate cert = null;
    if (!name.equals("self-sign")) {
      cert = fw.appliance().globalCerts().snapshot().findLocal(name).orElse(null);
      for (Vdom v : fw.appliance().vdoms().all().values()) {
        if (cert == null) {
          cert = v.certStore().snapshot().findLocal(name).orElse(null);
        }
      }
    }
    ServerCertificates.SelfSigned selfSigned = cert == null && allowed ? selfSignedOf(fw) : null;
    return new Admission(allowed, cert, selfSigned, fw.restApi());
  }

  /**
   * The factory self-signed certificate the configuration keeps ({@code system global
   * admin-server-cert-self-sign}, its key sealed under {@code
   * admin-server-cert-self-sign-password}); made and saved at the first HTTPS connection, so a
   * restored device presents the same one. One kept with its key in clear text (written before keys
   * were sealed) is sealed and saved again. Mailbox only.
   */
  private static ServerCertificates.SelfSigned selfSignedOf(Firmware fw) {
    var global = fw.config().global().singleton("system global");
    ServerCertificates.SelfSigned kept =
        new ServerCertificates.SelfSigned(global.text(SELF_SIGN), global.text(SELF_SIGN_PASSWORD));
    String serial = fw.appliance().serial();
    ServerCertificates.SelfSigned sealed =
        kept.pem().isEmpty()
            ? ServerCertificates.selfSigned(serial, fw.appliance().clock().instant())
            : ServerCertificates.sealed(serial, kept);
    if (sealed == kept) {
      return kept;
    }
    String out =
        fw.newSession()
            .run(
                "config system global\n"
                    + new SealedKeys.Sealed(sealed.pem(), sealed.concealedPassword())
                        .setLines(SELF_SIGN, SELF_SIGN_PASSWORD)
                    + "end");
    if (!out.isBlank()) {
      throw new IllegalStateException("cannot keep the self-signed certificate: " + out);
    }
    var saved = fw.config().global().singleton("system global"); // the commit made a new object
    return new ServerCertificates.SelfSigned(saved.text(SELF_SIGN), saved.text(SELF_SIGN_PASSWORD));
  }

  /** The port FortiOS's HTTPS administration answers at ({@code admin-sport}'s default). */
  private static final int HTTPS = 443;

  private static final String SELF_SIGN = "admin-server-cert-self-sign";
  private static final String SELF_SIGN_PASSWORD = SELF_SIGN + "-password";
}
