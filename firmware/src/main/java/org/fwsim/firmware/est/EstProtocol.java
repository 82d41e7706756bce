package org.fwsim.firmware.est;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.fwsim.firmware.cert.CertificatePorts;
import org.fwsim.firmware.cert.EnrollmentContext;
import org.fwsim.firmware.cert.EnrollmentProtocol;
import org.fwsim.firmware.cert.RenewedEntry;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.EstSettings;
import org.fwsim.firmware.config.Secret;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepEvents;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * {@code enroll-protocol est} (RFC 7030): {@code generate est} enrolls with {@code /cacerts} then
 * {@code /simpleenroll} (HTTP basic with {@code est-http-username}/{@code -password}, or {@code
 * est-client-cert} as TLS client); forticron renews with {@code /simplereenroll}, the current
 * certificate as TLS client; {@code ca import est} fetches {@code /cacerts}, and so does forticron
 * for a CA certificate's {@code auto-update-days} with {@code est-url}. The server is verified
 * against {@code est-server-cert}, else the CA bundle. With {@code est-srp-username} every exchange
 * runs over TLS-SRP instead ({@link EstTls}). An issued certificate must hold the requested key and
 * subject and chain to a CA before it replaces anything: until then the current certificate and key
 * stay. Mailbox only.
 */
public final class EstProtocol implements EnrollmentProtocol {

  /** How long one exchange may wait for its answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_ANSWER_BYTES = 256 * 1024;

  private final EnrollmentContext ctx;
  private final CertificatePorts ports;
  private final Trace trace;
  private final EstCall.Link link;

  public EstProtocol(EnrollmentContext ctx) {
    this.ctx = ctx;
    this.ports = ctx.ports();
    this.trace = ports.debug().trace(DebugApplication.EST);
    this.link = new EstCall.Link(new EstHttpsClient(MAX_ANSWER_BYTES, TIMEOUT), ports, trace);
  }

  @Override
  public CompletableFuture<ScepOutcome> enroll(Request request) {
    String vdom = request.vdom();
    CertificateLocalConfig lc = request.entry();
    EstSettings est = lc.est();
    EstCall call;
    KeyPair key;
    PKCS10CertificationRequest csr;
    EstRequest enroll;
    try {
      call = call(vdom, lc, clientCertificate(vdom, est));
      key = ports.hypervisor().keys().take(request.generate().keyType());
      csr = ScepCsr.csr(key, request.generate().subject(), null);
      enroll =
          EstRequest.simpleEnroll(est.caId(), csr, est.httpUsername(), reveal(est.httpPassword()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(refused(vdom, lc.name(), e.getMessage()));
    }
    traceInit(lc, "simpleenroll");
    return call.send(EstRequest.cacerts(est.caId()))
        .thenCompose(
            answer -> {
              List<X509Certificate> cas = unchecked(() -> EstAnswer.cacerts(answer));
              trace.line("est_recv", "loaded %d CA certificate(s)", cas.size());
              return call.send(enroll)
                  .thenApply(
                      issued -> {
                        List<X509Certificate> chain = issuedChain(issued, csr, cas);
                        for (X509Certificate ca : chain.subList(1, chain.size())) {
                          ctx.importCa(vdom, ca);
                        }
                        ctx.importCa(vdom, root(cas, chain));
                        return ctx.install(vdom, lc.name(), chain, key.getPrivate());
                      });
            })
        .handle((installed, error) -> outcome(vdom, lc.name(), false, installed, error));
  }

  @Override
  public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
    if (cert.type() == CronCertificate.Type.CA) {
      return tracked(() -> updateCa(cert), done);
    }
    String vdom = cert.vdom();
    RenewedEntry renewed = ctx.renewed(cert);
    CertificateLocalConfig lc = renewed.entry();
    LocalCertificate current = renewed.current();
    // RFC 7030 §4.2.2: the re-enrollment is authenticated by the certificate it renews.
    EstCall call = call(vdom, lc, current);
    traceInit(lc, "simplereenroll");
    return tracked(
        () -> {
          KeyPair key =
              lc.privateKeyRetain()
                  ? new KeyPair(current.certificate().getPublicKey(), current.privateKey())
                  : ports
                      .hypervisor()
                      .keys()
                      .take(KeyType.of(current.certificate().getPublicKey()));
          X500Name subject =
              X500Name.getInstance(current.certificate().getSubjectX500Principal().getEncoded());
          PKCS10CertificationRequest csr = ScepCsr.csr(key, subject, null);
          return call.send(EstRequest.simpleReenroll(lc.est().caId(), csr))
              .thenApply(
                  answer -> {
                    List<X509Certificate> chain = issuedChain(answer, csr, ctx.caBundle(vdom));
                    return ctx.install(vdom, lc.name(), chain, key.getPrivate());
                  })
              .handle((installed, error) -> outcome(vdom, lc.name(), true, installed, error))
              .thenApply(EnrollmentProtocol::renewOutcome);
        },
        done);
  }

  /** A renewal that runs {@code work} when started and reports to {@code done} unless cancelled. */
  private Renewal tracked(
      java.util.function.Supplier<CompletableFuture<RenewOutcome>> work,
      Consumer<RenewOutcome> done) {
    return new Renewal() {
      private boolean cancelled;

      @Override
      public void start() {
        ports
            .console()
            .track(work.get())
            .thenAccept(
                o -> {
                  if (!cancelled) {
                    done.accept(o);
                  }
                });
      }

      @Override
      public void cancel() {
        cancelled = true;
      }
    };
  }

  /**
   * {@code auto-update-days} of a CA certificate with {@code est-url} (and no {@code scep-url}):
   * {@code /cacerts} over TLS verified by the CA certificates the VDOM holds (the one updated among
   * them), as a local enrollment without {@code est-server-cert} is; the successor ({@link
   * EstCaSuccessor}) replaces the held certificate only once verified. Failures are forticron's to
   * log, as for the SCEP CA update.
   */
  private CompletableFuture<RenewOutcome> updateCa(CronCertificate cert) {
    String vdom = cert.vdom();
    String url = cert.scepUrl(); // CronFeed puts est-url there for an EST-updated CA
    trace.line(
        "est_cert_init", "CA update %s from %s, ca-id '%s'", cert.name(), url, cert.caIdentifier());
    EstCall call;
    X509Certificate held;
    try {
      held =
          ctx.caCertificate(vdom, cert.name())
              .orElseThrow(
                  () -> new IllegalStateException("CA certificate " + cert.name() + " is gone"));
      EstServerTrust trust = new EstServerTrust(ctx.caBundle(vdom), ports.appliance().clock());
      call = call(vdom, EstServerUrl.parse(url), cert.sourceIp(), certificate(trust, null));
    } catch (RuntimeException e) {
      trace.line("est_cert_init", "EST request is refused: %s", e.getMessage());
      return CompletableFuture.completedFuture(
          RenewOutcome.failure(FailureKind.CONFIGURATION, e.getMessage()));
    }
    return call.send(EstRequest.cacerts(nullIfEmpty(cert.caIdentifier())))
        .thenApply(
            answer -> {
              List<X509Certificate> offered = unchecked(() -> EstAnswer.cacerts(answer));
              return unchecked(
                  () ->
                      EstCaSuccessor.of(
                          held, offered, ctx.caBundle(vdom), ports.appliance().clock().instant()));
            })
        .handle(
            (fresh, error) -> {
              if (error != null) {
                String why = reason(error);
                trace.line("est_recv", "EST request is failed: %s", why);
                return RenewOutcome.failure(
                    EstFailure.kind(error), "EST /cacerts from " + url + " failed: " + why);
              }
              RenewOutcome o = ctx.updateCa(cert, url, fresh);
              trace.line(
                  "est_recv",
                  "CA certificate %s %s",
                  cert.name(),
                  o.kind() == RenewOutcome.Kind.SUCCESS
                      ? "updated, expires " + fresh.getNotAfter().toInstant()
                      : "kept: " + o.reason());
              return o;
            });
  }

  private static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * The certificate an enroll answer carries for {@code csr}, verified up to one of {@code cas}.
   */
  private List<X509Certificate> issuedChain(
      EstHttpsClient.Response answer, PKCS10CertificationRequest csr, List<X509Certificate> cas) {
    X509Certificate leaf = unchecked(() -> EstAnswer.enrolled(answer, csr));
    return unchecked(() -> EstChain.verify(leaf, cas, ports.appliance().clock().instant()));
  }

  /**
   * {@code execute vpn certificate ca import est}: {@code /cacerts} from {@code url}, each CA
   * certificate imported as the next free {@code CA_Cert_N}. With no {@code serverCert} the server
   * is not verified (RFC 7030 §4.1.1's bootstrap): the lines name each certificate's SHA-256 so the
   * user can check it out of band. The future completes on the mailbox with the lines to print.
   *
   * @throws IllegalArgumentException for an unusable URL, source IP or certificate name (nothing
   *     sent)
   */
  public CompletableFuture<String> importCa(String vdom, CaImportRequest r) {
    EstServerUrl url = EstServerUrl.parse(r.url());
    EstServerTrust trust =
        r.serverCert() == null
            ? EstServerTrust.bootstrap(ports.appliance().clock())
            : new EstServerTrust(
                List.of(caCertificate(vdom, r.serverCert())), ports.appliance().clock());
    LocalCertificate client =
        r.clientCert() == null ? null : localCertificate(vdom, r.clientCert());
    EstCall call =
        call(
            vdom,
            url,
            r.sourceIp(),
            r.srpUsername() == null
                ? certificate(trust, client)
                : srp(r.srpUsername(), r.srpPassword(), r.serverCert() == null ? null : trust));
    // RFC 7030 §4.1: /cacerts needs no client authentication; the credentials are sent anyway, as
    // a server behind a proxy that asks for them everywhere would want.
    EstRequest cacerts =
        EstRequest.withBasic(
            EstRequest.cacerts(r.caIdentifier()), r.httpUsername(), r.httpPassword());
    trace.line(
        "est_cert_init", "CA import from %s, ca-id '%s'", url, nullToEmpty(r.caIdentifier()));
    return call.send(cacerts)
        .thenApply(
            answer -> {
              List<X509Certificate> cas = unchecked(() -> EstAnswer.cacerts(answer));
              List<String> lines = new ArrayList<>();
              for (X509Certificate ca : cas) {
                lines.add(
                    ctx.importCa(vdom, ca)
                        + (trust.bootstrapping() ? " (SHA-256 " + sha256(ca) + ")" : ""));
              }
              return String.join("\n", lines);
            })
        .exceptionally(
            error -> {
              String why = reason(error);
              trace.line("est_recv", "EST request is failed: %s", why);
              return "CA certificate import failed: " + why;
            });
  }

  /** What {@code ca import est} was given; null for an argument left out. */
  public record CaImportRequest(
      String url,
      String caIdentifier,
      String httpUsername,
      String httpPassword,
      int sourceIp,
      String clientCert,
      String serverCert,
      String srpUsername,
      String srpPassword) {}

  private void traceInit(CertificateLocalConfig lc, String operation) {
    if (trace.on()) {
      EstSettings est = lc.est();
      trace.line(
          "est_cert_init",
          "%s %s: server %s, ca-id '%s', auth %s",
          operation,
          lc.name(),
          est.server(),
          est.caId(),
          !est.srpUsername().isEmpty()
              ? "TLS-SRP user " + est.srpUsername()
              : !est.clientCert().isEmpty()
                  ? "client certificate " + est.clientCert()
                  : est.httpUsername().isEmpty()
                      ? "none"
                      : "HTTP basic user " + est.httpUsername());
    }
  }

  /** The client certificate {@code est-client-cert} names, or null. */
  private LocalCertificate clientCertificate(String vdom, EstSettings est) {
    return est.clientCert().isEmpty() ? null : localCertificate(vdom, est.clientCert());
  }

  /**
   * The call of a local certificate's entry: TLS-SRP when {@code est-srp-username} is set (the
   * server then proves the SRP verifier, and its certificate too when {@code est-server-cert} is
   * set; no client certificate is presented), else the JDK's TLS presenting {@code client}.
   */
  private EstCall call(String vdom, CertificateLocalConfig lc, LocalCertificate client) {
    EstSettings est = lc.est();
    EstServerUrl url = EstServerUrl.parse(est.server());
    if (!est.srpUsername().isEmpty()) {
      EstServerTrust trust =
          est.serverCert().isEmpty()
              ? null
              : new EstServerTrust(
                  List.of(caCertificate(vdom, est.serverCert())), ports.appliance().clock());
      return call(
          vdom, url, lc.sourceIp(), srp(est.srpUsername(), reveal(est.srpPassword()), trust));
    }
    EstServerTrust trust = new EstServerTrust(serverAnchors(vdom, est), ports.appliance().clock());
    return call(vdom, url, lc.sourceIp(), certificate(trust, client));
  }

  /**
   * TLS-SRP as {@code user}; {@code trust} (null for none) verifies the server's certificate too.
   *
   * @throws IllegalArgumentException when the password is missing (nothing sent)
   */
  private EstCall.Tls srp(String user, String password, EstServerTrust trust) {
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("est-srp-password is not set for SRP user " + user);
    }
    EstServerTrust shown =
        trust == null ? EstServerTrust.bootstrap(ports.appliance().clock()) : trust;
    return new EstCall.Tls(shown, EstTls.srp(user, password, trust));
  }

  private static EstCall.Tls certificate(EstServerTrust trust, LocalCertificate client) {
    return new EstCall.Tls(
        trust,
        EstTls.certificate(
            trust,
            client == null ? null : client.privateKey(),
            client == null ? null : client.chain()));
  }

  private EstCall call(String vdom, EstServerUrl url, int sourceIp, EstCall.Tls tls) {
    return new EstCall(link, vdom, url, sourceIp, tls);
  }

  /** {@code est-server-cert}, else every CA certificate the VDOM trusts. */
  private List<X509Certificate> serverAnchors(String vdom, EstSettings est) {
    if (!est.serverCert().isEmpty()) {
      return List.of(caCertificate(vdom, est.serverCert()));
    }
    List<X509Certificate> bundle = ctx.caBundle(vdom);
    if (bundle.isEmpty()) {
      throw new IllegalArgumentException(
          "no CA certificate to verify the EST server: import one with 'execute vpn certificate"
              + " ca import est' or set est-server-cert");
    }
    return bundle;
  }

  private X509Certificate caCertificate(String vdom, String name) {
    return named(ctx.caCertificate(vdom, name), "est-server-cert " + name, "a CA certificate");
  }

  private LocalCertificate localCertificate(String vdom, String name) {
    return named(
        ctx.localCertificate(vdom, name),
        "est-client-cert " + name,
        "a local certificate with a key");
  }

  /** The certificate a setting names, or why the setting is wrong. */
  private static <T> T named(Optional<T> found, String setting, String what) {
    return found.orElseThrow(() -> new IllegalArgumentException(setting + " is not " + what));
  }

  private ScepOutcome outcome(
      String vdom, String name, boolean renewal, LocalCertificate installed, Throwable error) {
    ScepEvents events = new ScepEvents(ports.eventLog(), ports.appliance().clock(), vdom, "EST");
    if (error == null) {
      trace.line(
          "est_recv",
          "certificate %s %s, serial %s",
          name,
          renewal ? "renewed" : "enrolled",
          installed.certificate().getSerialNumber().toString(16));
      if (!renewal) {
        events.issued(name, false); // forticron logs renewals itself
      }
      return ScepOutcome.issued(name, renewal, null, null, installed, 0);
    }
    String why = reason(error);
    trace.line("est_recv", "EST request is failed: %s", why);
    if (!renewal) {
      events.failed(name, why);
    }
    return ScepOutcome.failed(name, renewal, null, why, EstFailure.kind(error));
  }

  private ScepOutcome refused(String vdom, String name, String why) {
    trace.line("est_cert_init", "EST request is refused: %s", why);
    new ScepEvents(ports.eventLog(), ports.appliance().clock(), vdom, "EST").failed(name, why);
    return new ScepOutcome(
        name,
        ScepOutcome.Status.REFUSED,
        false,
        null,
        null,
        null,
        why,
        null,
        0,
        FailureKind.CONFIGURATION);
  }

  /** The reason with the server's Retry-After when it gave one. */
  private static String reason(Throwable error) {
    return EstFailure.reason(error);
  }

  private static X509Certificate root(List<X509Certificate> cas, List<X509Certificate> chain) {
    X509Certificate top = chain.get(chain.size() - 1);
    for (X509Certificate c : cas) {
      if (c.getSubjectX500Principal().equals(top.getIssuerX500Principal())
          && c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        return c;
      }
    }
    throw new IllegalStateException("verified chain without its root");
  }

  private static String reveal(java.util.Optional<Secret> secret) {
    return secret.map(Secret::reveal).orElse(null);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String sha256(X509Certificate c) {
    try {
      return HexFormat.ofDelimiter(":")
          .withUpperCase()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A checked EST failure inside a completion stage. */
  private interface Step<T> {
    T get() throws EstException;
  }

  private static <T> T unchecked(Step<T> step) {
    try {
      return step.get();
    } catch (EstException e) {
      throw new CompletionException(e);
    }
  }
}
