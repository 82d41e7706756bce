package org.fwsim.testbench.ca;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.hal.net.Transports;
import org.fwsim.hal.net.Underlay;

/**
 * The embedded FortiAuthenticator-like SCEP CA: a Netty HTTP server answering GetCACaps, GetCACert
 * and PKIOperation on any path, issuing from its own CA material on the clock it is given (the
 * simulation's virtual clock, or the system clock when run alone).
 *
 * <pre>{@code
 * ScepCa ca = ScepCa.builder().clock(simClock).meterRegistry(registry).challenge("s3cret")
 *     .depot(dir).build();
 * InetSocketAddress bound = ca.start(new InetSocketAddress("127.0.0.1", 0));
 * URI url = ca.url(); // http://127.0.0.1:PORT/scep
 * ...
 * ca.close();
 * }</pre>
 */
public final class ScepCa implements AutoCloseable {

  /** The GetCACaps keywords micromdm and FortiAuthenticator-like CAs advertise by default. */
  public static final List<String> DEFAULT_CAPS =
      List.of(
          "Renewal",
          "SHA-1",
          "SHA-256",
          "SHA-384",
          "SHA-512",
          "AES",
          "DES3",
          "SCEPStandard",
          "POSTPKIOperation");

  private final Builder cfg;
  private final CaParts parts;
  private final AccessLog accessLog;
  private final CaWorkers workers;
  private final CaHttpHandler.Shared shared;
  private final CmpResponder cmp;
  private volatile CaFaults faults;
  private EventLoopGroup ownGroup;
  private Channel serverChannel;
  private InetSocketAddress bound;

  private ScepCa(Builder b) {
    this.cfg = b;
    CaDepot depot = b.depot == null ? null : new CaDepot(b.depot);
    CaMaterial material = resolveMaterial(b, depot);
    CertificateIndex index = new CertificateIndex(depot);
    this.parts =
        new CaParts(
            material,
            b.clock,
            b.timeWindow,
            new ChallengePasswords(b.challenge),
            new ApprovalQueue(b.manualApproval, b.autoApproveAfterPolls),
            index,
            new CertificateIssuer(material, index, b.validity));
    this.accessLog =
        new AccessLog(b.accessLogCapacity, depot == null ? null : depot.accessLogFile());
    this.workers = new CaWorkers(b.workers, b.queueCapacity);
    this.faults = b.faults;
    CaMetrics metrics = new CaMetrics(b.registry, workers::queued);
    RequestRecorder recorder = new RequestRecorder(b.clock, accessLog, metrics);
    ScepAuthority authority = new ScepAuthority(parts, new Random(b.seed));
    // CMP's pending share is drawn from its own seeded source, leaving SCEP's draws as they were.
    Random cmpDraws = new Random(b.seed + 2);
    this.cmp =
        new CmpResponder(
            parts, () -> CaFaults.hits(this.faults.pendingFraction(), cmpDraws.nextDouble()));
    PkiOperations pki = new ScepResponder(material, authority, b.clock, b.acceptLegacyDes);
    byte[] caps = (String.join("\n", b.caps) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] caCert;
    String caCertType;
    if (material.hasChain()) {
      caCert = CaCertificates.encodeChain(material.caChain());
      caCertType = CaCertificates.CA_RA_CERT;
    } else {
      caCert = CaMaterial.der(material.rootCert());
      caCertType = CaCertificates.CA_CERT;
    }
    this.shared =
        new CaHttpHandler.Shared(
            caps,
            caCert,
            caCertType,
            pki,
            workers,
            recorder,
            () -> this.faults,
            b.closeAfterResponse,
            new ConnectionGuard(b.maxConnections(), b.maxConnectionsPerSource, recorder),
            b.requestTimeout,
            b.clock,
            // Its own seeded source: HTTP faults drawn on the event loop leave the authority's
            // draws (PENDING, badRequest) as they were.
            new Random(b.seed + 1)::nextDouble);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the CA to a loopback address (port 0 picks a free port) and starts serving.
   *
   * @return the address actually bound
   * @throws IllegalArgumentException when the address is not on 127.0.0.0/8 or ::1
   */
  public synchronized InetSocketAddress start(InetSocketAddress listen) {
    if (serverChannel != null) {
      throw new IllegalStateException("CA already listening on " + bound);
    }
    requireLoopback(listen);
    EventLoopGroup group = cfg.eventLoopGroup;
    if (group == null) {
      ownGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      group = ownGroup;
    }
    ServerBootstrap sb =
        Transports.nioServer(
                group, pipeline -> CaPipeline.init(pipeline, shared, cmp, cfg.maxRequestBytes))
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true);
    try {
      serverChannel = sb.bind(listen).syncUninterruptibly().channel();
    } catch (Exception e) { // a BindException arrives unchecked through Netty's sync
      closeGroup();
      throw new IllegalStateException(
          "CA cannot listen on " + hostPort(listen) + ": " + e.getMessage(), e);
    }
    bound = (InetSocketAddress) serverChannel.localAddress();
    return bound;
  }

  /** {@code 127.0.0.1:8080}, as the user wrote it, without InetSocketAddress's slash. */
  static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /**
   * Serves at a simulated address through the underlay ({@code 10.5.149.111:80} for the console's
   * CA): the underlay binds a loopback host address standing for it and maps the simulated address
   * there, so appliances connect to the simulated address. Runs on the underlay's event loops (the
   * hypervisor's), whatever {@link Builder#eventLoopGroup} says.
   *
   * @return the loopback host address actually bound
   */
  public synchronized InetSocketAddress start(Underlay underlay, int simAddress, int simPort) {
    if (serverChannel != null) {
      throw new IllegalStateException("CA already listening on " + bound);
    }
    Future<Channel> listening =
        underlay.listen(
            simAddress,
            simPort,
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                CaPipeline.init(ch.pipeline(), shared, cmp, cfg.maxRequestBytes);
              }
            });
    listening.awaitUninterruptibly();
    if (!listening.isSuccess()) {
      throw new IllegalStateException(
          "CA cannot listen: " + listening.cause().getMessage(), listening.cause());
    }
    serverChannel = listening.getNow();
    bound = (InetSocketAddress) serverChannel.localAddress();
    return bound;
  }

  /** The CMP URL clients use (RFC 6712), e.g. {@code http://127.0.0.1:8080/pkix/}. */
  public URI cmpUrl() {
    return url().resolve(CmpHttpHandler.PREFIX + "/");
  }

  /** The CMP side without sockets (tests). */
  CmpResponder cmp() {
    return cmp;
  }

  /** The SCEP URL clients use, e.g. {@code http://127.0.0.1:8080/scep}. */
  public URI url() {
    InetSocketAddress a = bound;
    if (a == null) {
      throw new IllegalStateException("CA not started");
    }
    String host = a.getAddress().getHostAddress();
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/scep");
  }

  public InetSocketAddress address() {
    return bound;
  }

  /** Stops listening, lets queued work finish, closes the access log. Idempotent. */
  @Override
  public synchronized void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
      serverChannel = null;
    }
    workers.close();
    closeGroup();
    accessLog.close();
  }

  private void closeGroup() {
    if (ownGroup != null) {
      ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      ownGroup = null;
    }
  }

  /** The PKIOperation path without sockets: what the HTTP handler's workers call (fuzz tests). */
  PkiOperations pkiOperations() {
    return shared.pki();
  }

  /** What the EST and ACME front-ends share with SCEP and CMP: the CA's parts. */
  CaParts parts() {
    return parts;
  }

  InstantSource clock() {
    return cfg.clock;
  }

  CaHttpHandler.Shared shared() {
    return shared;
  }

  public CaMaterial material() {
    return parts.material();
  }

  /** SHA-256 fingerprint of the root certificate, colon-separated upper-case hex. */
  public String fingerprint() {
    return parts.material().rootFingerprint();
  }

  public ChallengePasswords challenges() {
    return parts.challenges();
  }

  public ApprovalQueue approvals() {
    return parts.approvals();
  }

  public CertificateIndex certificates() {
    return parts.index();
  }

  /**
   * Connections the CA accepted since it started, on all its listeners (SCEP, CMP, EST, ACME):
   * beside the requests it answered, how well its clients reuse their connections.
   */
  public long connectionsAccepted() {
    return shared.guard().accepted();
  }

  public AccessLog accessLog() {
    return accessLog;
  }

  public CaFaults faults() {
    return faults;
  }

  /** Replaces the fault settings; the next request reads them. */
  public void setFaults(CaFaults f) {
    this.faults = Objects.requireNonNull(f, "faults");
  }

  /**
   * Revokes an issued certificate at the CA's clock time; false when unknown or already revoked.
   */
  public boolean revoke(BigInteger serial) {
    return parts.index().revoke(serial, cfg.clock.instant());
  }

  /** Netty's pipeline for one connection, for EmbeddedChannel tests. */
  void initPipeline(io.netty.channel.ChannelPipeline p) {
    CaPipeline.init(p, shared, cmp, cfg.maxRequestBytes);
  }

  static void requireLoopback(InetSocketAddress listen) {
    if (listen.isUnresolved() || !listen.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the CA listens on loopback only (127.0.0.0/8 or ::1), not " + listen.getHostString());
    }
  }

  private static CaMaterial resolveMaterial(Builder b, CaDepot depot) {
    if (b.material != null) {
      if (depot != null && depot.loadMaterial().isEmpty()) {
        depot.storeMaterial(b.material);
      }
      return b.material;
    }
    if (depot != null) {
      var stored = depot.loadMaterial();
      if (stored.isPresent()) {
        return stored.get();
      }
    }
    CaMaterial m = CaMaterial.generate(b.materialSpec, b.clock.instant());
    if (depot != null) {
      depot.storeMaterial(m);
    }
    return m;
  }

  /** Settings for a {@link ScepCa}; every one has a default. */
  public static final class Builder {
    private InstantSource clock = InstantSource.system();
    private MeterRegistry registry = new SimpleMeterRegistry();
    private Path depot;
    private CaMaterial material;
    private CaMaterial.Spec materialSpec = CaMaterial.Spec.rootOnly();
    private String challenge;
    private boolean manualApproval;
    private int autoApproveAfterPolls;
    private Duration validity = Duration.ofDays(365);
    private Duration timeWindow = Duration.ofHours(24);
    private List<String> caps = DEFAULT_CAPS;
    private int workers = Runtime.getRuntime().availableProcessors();
    private int queueCapacity = 1024;
    private int maxRequestBytes = 64 * 1024;
    private int accessLogCapacity = 10_000;
    private boolean closeAfterResponse = true;
    private long seed = 1;
    private CaFaults faults = CaFaults.NONE;
    private EventLoopGroup eventLoopGroup;
    private boolean acceptLegacyDes = true;
    private int maxConnections;
    private int maxConnectionsPerSource = 256;
    private Duration requestTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Open connections the CA accepts in all (default: 10,000, or fewer where the process may open
     * fewer files, keeping a quarter of them for the rest of the process); more get HTTP 503.
     */
    public Builder maxConnections(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConnections must be >= 1, got " + n);
      }
      this.maxConnections = n;
      return this;
    }

    /** Open connections accepted from one source address (default 256); more get HTTP 503. */
    public Builder maxConnectionsPerSource(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConnectionsPerSource must be >= 1, got " + n);
      }
      this.maxConnectionsPerSource = n;
      return this;
    }

    /**
     * How long a connection may take to deliver a whole request, counted from its opening or from
     * its last answer (default 30 s): idle and slow connections then get HTTP 408 and are closed.
     */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    private int maxConnections() {
      if (maxConnections > 0) {
        return maxConnections;
      }
      long files = 0;
      if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
        files = unix.getMaxFileDescriptorCount();
      }
      return files <= 0 ? 10_000 : (int) Math.max(64, Math.min(10_000, files * 3 / 4));
    }

    /**
     * Accept single-DES request envelopes (default on) although RFC 8894 forbids them: micromdm's
     * scepclient sends nothing else. Replies then use AES-128-CBC.
     */
    public Builder acceptLegacyDes(boolean on) {
      this.acceptLegacyDes = on;
      return this;
    }

    /** The CA's time: validity, signingTime checks, log lines (default: system clock). */
    public Builder clock(InstantSource c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    public Builder meterRegistry(MeterRegistry r) {
      this.registry = Objects.requireNonNull(r, "meterRegistry");
      return this;
    }

    /** A depot directory: CA material, serials, index and access log survive restarts. */
    public Builder depot(Path dir) {
      this.depot = dir;
      return this;
    }

    /** Use this CA material instead of loading or generating it. */
    public Builder material(CaMaterial m) {
      this.material = m;
      return this;
    }

    /** What to generate when neither {@link #material} nor the depot provides material. */
    public Builder materialSpec(CaMaterial.Spec s) {
      this.materialSpec = Objects.requireNonNull(s, "materialSpec");
      return this;
    }

    /** The static challenge password; null (default) with no one-time ones means none needed. */
    public Builder challenge(String c) {
      this.challenge = c;
      return this;
    }

    /** Hold every enrolment PENDING until approved. */
    public Builder manualApproval(boolean on) {
      this.manualApproval = on;
      return this;
    }

    /** Approve a held enrolment on its N-th CertPoll (0: only an operator approves). */
    public Builder autoApproveAfterPolls(int n) {
      this.autoApproveAfterPolls = n;
      return this;
    }

    public Builder validity(Duration d) {
      this.validity = positive(d, "validity");
      return this;
    }

    /** How far a request's signingTime may be from CA time before badTime. */
    public Builder timeWindow(Duration d) {
      this.timeWindow = positive(d, "timeWindow");
      return this;
    }

    public Builder caps(List<String> keywords) {
      this.caps = List.copyOf(keywords);
      return this;
    }

    /** Crypto worker threads (default: the number of cores). */
    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    /** PKIOperations waiting for a worker before the CA answers 503. */
    public Builder queueCapacity(int n) {
      this.queueCapacity = n;
      return this;
    }

    /** Request body cap; larger requests get HTTP 413. */
    public Builder maxRequestBytes(int n) {
      if (n < 1024) {
        throw new IllegalArgumentException("maxRequestBytes must be >= 1024, got " + n);
      }
      this.maxRequestBytes = n;
      return this;
    }

    public Builder accessLogCapacity(int n) {
      this.accessLogCapacity = n;
      return this;
    }

    /** Answer with Connection: close (default, as FortiAuthenticator) or honour keep-alive. */
    public Builder closeAfterResponse(boolean on) {
      this.closeAfterResponse = on;
      return this;
    }

    /** Seed of the random source that draws fault fractions. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public Builder faults(CaFaults f) {
      this.faults = Objects.requireNonNull(f, "faults");
      return this;
    }

    /** Serve on these event loops (e.g. the hypervisor's) instead of a private one-thread group. */
    public Builder eventLoopGroup(EventLoopGroup g) {
      this.eventLoopGroup = g;
      return this;
    }

    public ScepCa build() {
      return new ScepCa(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
