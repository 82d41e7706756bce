package org.fwsim.firmware.scep.client;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.firmware.scep.message.MessageType;
import org.fwsim.firmware.scep.message.PkiReplies;
import org.fwsim.hal.testing.LoopbackHttpServer;
import org.fwsim.hal.testing.TestCertificates;

/**
 * A tiny SCEP CA for the client tests: a Netty HTTP server on 127.0.0.1 that answers GetCACaps,
 * GetCACert and PKIOperation (POST and GET) with {@link PkiReplies}. What a PKIOperation gets is
 * the test's {@link PkiAnswer}; {@link #raw} replaces whole HTTP replies for the bad-input cases.
 * Crypto runs on the server's event loop: acceptable for a test peer, not for the embedded CA.
 */
public final class TestScepResponder implements AutoCloseable {

  /** The operations the responder tells apart. */
  public enum Op {
    CAPS,
    CA_CERT,
    PKI
  }

  /** Marker reply: do not answer at all (the client must time out). */
  public static final FullHttpResponse SILENCE =
      new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);

  /** The body of a PKIOperation reply for a decoded request. */
  @FunctionalInterface
  public interface PkiAnswer {
    byte[] answer(InboundRequest request, TestScepResponder ca) throws Exception;
  }

  /** Who asked for what. */
  public record Seen(Op op, String method, InboundRequest request, InetSocketAddress remote) {}

  public final KeyPair caKey;
  public final X509Certificate caCert;
  public final PkiReplies codec;
  public final CaCertificates caCertificates;
  private final LoopbackHttpServer server;
  private final AtomicLong serials = new AtomicLong(100);
  public final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  public volatile String caps = "POSTPKIOperation\nSHA-256\nAES\nSCEPStandard";
  public volatile PkiAnswer pki = TestScepResponder::issue;
  public volatile Function<Op, FullHttpResponse> raw = op -> null;

  public TestScepResponder(
      EventLoopGroup group, KeyPair caKey, X509Certificate caCert, InstantSource clock)
      throws Exception {
    this(group, caKey, caCert, CaCertificates.of(List.of(caCert)), clock);
  }

  public TestScepResponder(
      EventLoopGroup group,
      KeyPair caKey,
      X509Certificate caCert,
      CaCertificates served,
      InstantSource clock)
      throws Exception {
    this.caKey = caKey;
    this.caCert = caCert;
    this.caCertificates = served;
    this.codec = PkiReplies.ofCa(caCert, caKey.getPrivate(), clock, new SecureRandom());
    this.server =
        new LoopbackHttpServer(
            group,
            (req, remote) -> {
              FullHttpResponse r = handle(req, remote);
              if (r == SILENCE) {
                return null;
              }
              // Header order as in the KB-420924 capture: length, connection, type.
              String type = r.headers().get("Content-Type");
              r.headers().remove("Content-Type");
              r.headers().setInt("Content-Length", r.content().readableBytes());
              r.headers().set("Connection", "close");
              if (type != null) {
                r.headers().set("Content-Type", type);
              }
              return r;
            });
  }

  /** Default answer: issue a certificate for the CSR (PKCSReq or RenewalReq), SUCCESS. */
  public static byte[] issue(InboundRequest request, TestScepResponder ca) throws Exception {
    X509Certificate cert =
        TestCertificates.issue(
            request.csr(), ca.caCert, ca.caKey.getPrivate(), ca.serials.incrementAndGet());
    return ca.codec.success(request, List.of(cert));
  }

  /**
   * PENDING for the enrollment and the first {@code pendingPolls} CertPolls, then the certificate.
   */
  public static PkiAnswer pendingThenIssue(int pendingPolls) {
    int[] polls = {0};
    PkiAnswer issueOnPoll =
        new PkiAnswer() {
          private InboundRequest enrollment;

          @Override
          public byte[] answer(InboundRequest request, TestScepResponder ca) throws Exception {
            if (request.header().type() != MessageType.CERT_POLL) {
              enrollment = request;
              return ca.codec.pending(request);
            }
            if (polls[0]++ < pendingPolls) {
              return ca.codec.pending(request);
            }
            X509Certificate cert =
                TestCertificates.issue(
                    enrollment.csr(),
                    ca.caCert,
                    ca.caKey.getPrivate(),
                    ca.serials.incrementAndGet());
            return ca.codec.success(request, List.of(cert));
          }
        };
    return issueOnPoll;
  }

  private FullHttpResponse handle(FullHttpRequest req, InetSocketAddress remote) {
    QueryStringDecoder query = new QueryStringDecoder(req.uri());
    List<String> ops = query.parameters().get("operation");
    String operation = ops == null ? "" : ops.get(0);
    Op op =
        switch (operation) {
          case "GetCACaps" -> Op.CAPS;
          case "GetCACert" -> Op.CA_CERT;
          default -> Op.PKI;
        };
    FullHttpResponse override = raw.apply(op);
    try {
      switch (op) {
        case CAPS -> {
          seen.add(new Seen(op, req.method().name(), null, remote));
          return override != null
              ? override
              : reply(200, "text/plain", caps.getBytes(StandardCharsets.US_ASCII));
        }
        case CA_CERT -> {
          seen.add(new Seen(op, req.method().name(), null, remote));
          return override != null
              ? override
              : reply(200, caCertificates.contentType(), caCertificates.toWire());
        }
        default -> {
          byte[] message =
              req.method() == HttpMethod.POST
                  ? ByteBufUtil.getBytes(req.content())
                  : Base64.getDecoder().decode(query.parameters().get("message").get(0));
          InboundRequest in = codec.decode(message);
          seen.add(new Seen(op, req.method().name(), in, remote));
          return override != null
              ? override
              : reply(200, "application/x-pki-message", pki.answer(in, this));
        }
      }
    } catch (Exception e) {
      return reply(400, "text/plain", ("bad request: " + e).getBytes(StandardCharsets.UTF_8));
    }
  }

  public static FullHttpResponse reply(int status, String contentType, byte[] body) {
    return LoopbackHttpServer.response(status, contentType, body);
  }

  /** The PKIOperation requests received, in order. */
  public List<InboundRequest> pkiRequests() {
    return seen.stream().filter(s -> s.op() == Op.PKI).map(Seen::request).toList();
  }

  public String url() {
    return "http://127.0.0.1:" + port() + "/cgi-bin/pkiclient.exe";
  }

  public int port() {
    return server.port();
  }

  public PrivateKey key() {
    return caKey.getPrivate();
  }

  @Override
  public void close() {
    server.close();
  }
}
