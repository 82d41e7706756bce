package org.fwsim.testbench.ca;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import org.fwsim.firmware.est.BcTlsHandler;
import org.fwsim.hal.net.Transports;

/**
 * The embedded CA's EST server (RFC 7030): HTTPS on a loopback address, {@code /.well-known/est/}
 * answered by the same CA as SCEP (its issuer, certificate index, challenge passwords, workers and
 * access log). The same listener serves ACME (RFC 8555 §6.1 asks for HTTPS) at {@code
 * /acme/directory} ({@link AcmeAuthority}). TLS client certificates are asked for but not required;
 * whether one authenticates is decided against the CA's index at the CA's clock, not by the TLS
 * layer. {@link #startSrp} serves the same over TLS-SRP (RFC 5054) on a listener of its own.
 *
 * <pre>{@code
 * try (EstServer est = EstServer.start(ca, new InetSocketAddress("127.0.0.1", 0))) {
 *   URI base = est.url(); // https://127.0.0.1:PORT/.well-known/est/
 * }
 * }</pre>
 */
public final class EstServer implements AutoCloseable {

  /** The HTTP basic user name of enrollments; its password is the CA's challenge. */
  public static final String USER = EstResponder.USER;

  /** How long a connection may stay without reading a byte before it is closed. */
  static final int READ_TIMEOUT_SECONDS = 30;

  private final EventLoopGroup group;
  private final Channel channel;
  private final InetSocketAddress bound;
  private final EstTlsIdentity identity;
  private final EstResponder responder;

  private EstServer(
      EventLoopGroup group,
      Channel channel,
      InetSocketAddress bound,
      EstTlsIdentity identity,
      EstResponder responder) {
    this.group = group;
    this.channel = channel;
    this.bound = bound;
    this.identity = identity;
    this.responder = responder;
  }

  /**
   * Fault injection: from now on {@code /simpleenroll} and {@code /simplereenroll} are answered
   * with this status, content type and body (and Retry-After when not null) instead of a
   * certificate, as a broken or overloaded EST server would. {@link #clearFault()} ends it.
   */
  public void failEnrollments(int status, String contentType, String body, String retryAfter) {
    responder.failEnrollments(status, contentType, body, retryAfter);
  }

  /** Enrollments are answered normally again. */
  public void clearFault() {
    responder.failEnrollments(0, null, null, null);
  }

  /**
   * Serves EST for {@code ca} on a loopback address (port 0 picks a free one).
   *
   * @throws IllegalArgumentException when the address is not loopback
   */
  public static EstServer start(ScepCa ca, InetSocketAddress listen) {
    return start(ca, listen, java.util.List.of());
  }

  /**
   * Serves EST for {@code ca} on a loopback address, its TLS certificate naming {@code alsoNamed}
   * besides the loopback names: the simulated address appliances reach it at through the underlay.
   *
   * @throws IllegalArgumentException when the address is not loopback
   */
  public static EstServer start(
      ScepCa ca, InetSocketAddress listen, java.util.List<String> alsoNamed) {
    return start(ca, listen, alsoNamed, AcmeHttp01Fetch.loopbackDns(AcmeHttp01Fetch.HTTP_PORT));
  }

  /**
   * {@link #start(ScepCa, InetSocketAddress, java.util.List)} whose ACME server validates HTTP-01
   * at the host endpoint {@code acmeResolver} gives for a domain (it throws
   * IllegalArgumentException for one it does not know): in a simulation, the fleet's mapping of
   * interface addresses to loopback.
   */
  public static EstServer start(
      ScepCa ca,
      InetSocketAddress listen,
      java.util.List<String> alsoNamed,
      java.util.function.Function<String, InetSocketAddress> acmeResolver) {
    ScepCa.requireLoopback(listen);
    EstTlsIdentity identity =
        EstTlsIdentity.issue(ca.material(), ca.certificates(), ca.clock().instant(), alsoNamed);
    SslContext tls = serverContext(identity);
    EstResponder responder = responder(ca);
    CaHttpHandler.Shared shared = ca.shared();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    AcmeAuthority acme =
        new AcmeAuthority(
            ca.parts(), new AcmeHttp01Fetch(group, acmeResolver, java.time.Duration.ofSeconds(10)));
    return bind(
        group,
        listen,
        identity,
        responder,
        p -> {
          init(p, tls.newHandler(p.channel().alloc()), shared, estHandler(ca, responder));
          p.addBefore("est", "acme", new AcmeHttpHandler(acme, shared));
        });
  }

  /**
   * Serves EST for {@code ca} over TLS-SRP (RFC 5054, RFC 7030 §3.3.3) on its own loopback
   * listener: the client proves user {@link #USER} with the CA's challenge as SRP password ({@link
   * EstSrpLogin}) and is then authorised as HTTP basic {@code est:<challenge>} would be, for {@code
   * /simplereenroll} too. A separate port rather than detection on the TLS port: the JDK's TLS
   * cannot speak SRP and a ClientHello sniffer would be a second TLS parser. The server also offers
   * {@code TLS_SRP_SHA_RSA_*} with an RSA certificate issued by the CA and naming {@code
   * alsoNamed}, for clients that verify it.
   *
   * @throws IllegalArgumentException when the address is not loopback or the CA has no static
   *     challenge
   */
  public static EstServer startSrp(
      ScepCa ca, InetSocketAddress listen, java.util.List<String> alsoNamed) {
    ScepCa.requireLoopback(listen);
    EstSrpLogin login = new EstSrpLogin(ca.challenges().staticPassword());
    EstTlsIdentity identity =
        EstTlsIdentity.issueRsa(ca.material(), ca.certificates(), ca.clock().instant(), alsoNamed);
    EstResponder responder = responder(ca);
    CaHttpHandler.Shared shared = ca.shared();
    return bind(
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
        listen,
        identity,
        responder,
        p ->
            init(
                p,
                BcTlsHandler.server(new EstSrpServer(login, identity)),
                shared,
                estHandler(ca, responder)));
  }

  private static EstResponder responder(ScepCa ca) {
    return new EstResponder(ca.parts());
  }

  private static EstHttpHandler estHandler(ScepCa ca, EstResponder responder) {
    CaHttpHandler.Shared shared = ca.shared();
    return new EstHttpHandler(responder, shared);
  }

  private static EstServer bind(
      EventLoopGroup group,
      InetSocketAddress listen,
      EstTlsIdentity identity,
      EstResponder responder,
      java.util.function.Consumer<ChannelPipeline> init) {
    ServerBootstrap sb =
        Transports.nioServer(group, init)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true);
    try {
      Channel ch = sb.bind(listen).syncUninterruptibly().channel();
      return new EstServer(group, ch, (InetSocketAddress) ch.localAddress(), identity, responder);
    } catch (Exception e) { // a BindException arrives unchecked through Netty's sync
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      throw new IllegalStateException(
          "EST server cannot listen on " + ScepCa.hostPort(listen) + ": " + e.getMessage(), e);
    }
  }

  private static void init(
      ChannelPipeline p, ChannelHandler tls, CaHttpHandler.Shared shared, EstHttpHandler handler) {
    p.addLast("tls", tls);
    p.addLast("timeout", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS));
    p.addLast("http", new HttpServerCodec());
    p.addLast("guard", shared.guard());
    p.addLast("aggregator", new CaHttpHandler.CappedAggregator(64 * 1024, shared.recorder()));
    p.addLast("est", handler);
  }

  private static SslContext serverContext(EstTlsIdentity identity) {
    try {
      return SslContextBuilder.forServer(identity.key(), identity.chain())
          .clientAuth(ClientAuth.OPTIONAL)
          .trustManager(new IndexDecidesTrust(identity.chain()))
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up the EST server's TLS: " + e.getMessage(), e);
    }
  }

  /** The EST base URL, e.g. {@code https://127.0.0.1:8443/.well-known/est/}. */
  public URI url() {
    String host = bound.getAddress().getHostAddress();
    return URI.create(
        "https://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + bound.getPort()
            + EstResponder.PREFIX);
  }

  /** The ACME directory, e.g. {@code https://127.0.0.1:8443/acme/directory}. */
  public URI acmeDirectory() {
    return url().resolve(AcmeAuthority.PREFIX + "directory");
  }

  public InetSocketAddress address() {
    return bound;
  }

  /** The server's TLS certificate (issued by the CA's issuer). */
  public X509Certificate serverCertificate() {
    return identity.chain().get(0);
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * Lets any client certificate through the handshake (which still proves the client holds its
   * key): {@link EstResponder} decides against the index, at the CA's (possibly virtual) clock, and
   * answers 403 rather than a bare TLS alert.
   */
  private record IndexDecidesTrust(java.util.List<X509Certificate> chain)
      implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType)
        throws CertificateException {
      throw new CertificateException("the EST server trusts no servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain.subList(1, chain.size()).toArray(new X509Certificate[0]);
    }
  }
}
