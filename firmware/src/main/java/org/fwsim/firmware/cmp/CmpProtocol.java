package org.fwsim.firmware.cmp;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.fwsim.firmware.cert.CertificatePorts;
import org.fwsim.firmware.cert.EnrollmentContext;
import org.fwsim.firmware.cert.EnrollmentProtocol;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.CmpSettings;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepEvents;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * {@code enroll-protocol cmpv2}: {@code generate cmp} enrolls with an IR, MAC-protected with the
 * user and password given (or signed with {@code authcert}); forticron renews at {@code
 * auto-regenerate-days} with a KUR ({@code cmp-regeneration-method keyupate}) or a CR ({@code
 * renewal}), signed with the certificate in force. The CA's answers must chain to {@code
 * cmp-server-cert} (else to the CA certificates the appliance holds); a certificate replaces the
 * current one only once it is verified and the CA took the certConf. Mailbox only.
 */
public final class CmpProtocol implements EnrollmentProtocol {

  /** {@link EnrollmentProtocol.Request#secrets()} keys of {@code generate cmp}. */
  public static final String USER = "user";

  public static final String PASSWORD = "password";

  public static final String AUTH_CERT = "authcert";

  private final EnrollmentContext ctx;
  private final CmpClient client;

  public CmpProtocol(EnrollmentContext ctx) {
    this.ctx = ctx;
    CertificatePorts p = ctx.ports();
    this.client =
        new CmpClient(
            p.appliance().mailbox().completions(),
            (delay, task) -> p.appliance().scheduleAfter(delay, task),
            p.appliance().clock(),
            p.egress(),
            p.hypervisor().keys(),
            new CmpHttpTransport(p.appliance(), p.hypervisor().underlay()),
            p.debug().trace(DebugApplication.CMP));
  }

  @Override
  public CompletableFuture<ScepOutcome> enroll(Request request) {
    String vdom = request.vdom();
    CertificateLocalConfig lc = request.entry();
    CmpEnrollment e;
    try {
      e = initialization(request);
    } catch (IllegalArgumentException | IllegalStateException bad) {
      events(vdom).failed(lc.name(), bad.getMessage());
      return CompletableFuture.completedFuture(
          ScepOutcome.refused(lc.name(), false, bad.getMessage()));
    }
    return client
        .run(e)
        .thenApply(
            r -> {
              ScepOutcome o = outcome(e, r);
              // caPubs are trusted only under the shared secret's MAC (RFC 4210 §5.3.2).
              if (o.issued() && e.mac() != null && lc.cmp().serverCert().isEmpty()) {
                importCaPubs(vdom, (CmpResult.Issued) r);
              }
              if (o.issued()) {
                events(vdom).issued(lc.name(), false);
              } else {
                events(vdom).failed(lc.name(), o.reason());
              }
              return o;
            });
  }

  /** The event log records of {@code vdom}'s enrollments, {@code method="CMPV2"}. */
  private ScepEvents events(String vdom) {
    CertificatePorts p = ctx.ports();
    return new ScepEvents(p.eventLog(), p.appliance().clock(), vdom, "CMPV2");
  }

  /**
   * The IR of {@code generate cmp}: MAC with user and password (FortiOS's help: "for doing the IR
   * with a pre-shared key"), else signed with {@code authcert}, a local certificate the appliance
   * holds with its key (INFERENCE: the help does not say which wins when both are given; the
   * password does here, as its help names the IR).
   */
  private CmpEnrollment initialization(Request r) {
    CertificateLocalConfig lc = r.entry();
    CmpSettings s = lc.cmp();
    Map<String, String> secrets = r.generate().secrets();
    String password = secrets.get(PASSWORD);
    String authCert = secrets.get(AUTH_CERT);
    CmpProtection.Mac mac = null;
    LocalCertificate signer = null;
    if (password != null) {
      mac = new CmpProtection.Mac(secrets.getOrDefault(USER, ""), password.toCharArray());
    } else if (authCert != null) {
      signer =
          ctx.localCertificate(r.vdom(), authCert)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "authcert " + authCert + " is not a local certificate with a key here"));
    } else {
      throw new IllegalArgumentException(
          "generate cmp needs a user and password, or an authcert, for the IR");
    }
    return new CmpEnrollment(
        lc.name(),
        r.vdom(),
        CmpServer.parse(s.server(), s.path()),
        CmpEnrollment.Kind.IR,
        r.generate().subject(),
        r.generate().keyType(),
        mac,
        signer,
        anchors(r.vdom(), s),
        lc.sourceIp());
  }

  /**
   * The root an ip offered as caPubs, authenticated by the shared secret's MAC (RFC 4210 §5.3.2):
   * imported as {@code ca import auto} would, so that the KUR's signed answers can be checked.
   */
  private void importCaPubs(String vdom, CmpResult.Issued issued) {
    for (X509Certificate ca : issued.caPubs()) {
      if (ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
        ctx.importCa(vdom, ca);
      }
    }
  }

  /**
   * The CA certificates answers must chain to: {@code cmp-server-cert}, else those the appliance
   * holds (global and the VDOM's).
   */
  private List<X509Certificate> anchors(String vdom, CmpSettings s) {
    if (!s.serverCert().isEmpty()) {
      return List.of(
          ctx.caCertificate(vdom, s.serverCert())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "cmp-server-cert " + s.serverCert() + " is not a CA certificate here")));
    }
    return ctx.caBundle(vdom);
  }

  /** Installs an issued certificate (the current one stays until then) and says how it went. */
  private ScepOutcome outcome(CmpEnrollment e, CmpResult r) {
    if (r instanceof CmpResult.Failed f) {
      return ScepOutcome.failed(
          e.certificate(), e.renewal(), f.transactionId(), f.reason(), failureKind(f));
    }
    CmpResult.Issued i = (CmpResult.Issued) r;
    try {
      if (!e.renewal()) {
        holdEntry(e, i);
      }
      LocalCertificate installed =
          ctx.install(e.vdom(), e.certificate(), i.chain(), i.key().getPrivate());
      return ScepOutcome.issued(
          e.certificate(), e.renewal(), null, i.transactionId(), installed, 0);
    } catch (RuntimeException ex) {
      return ScepOutcome.failed(
          e.certificate(),
          e.renewal(),
          i.transactionId(),
          "issued, but not installed: " + ex.getMessage(),
          FailureKind.UNTRUSTED);
    }
  }

  /**
   * A first certificate needs an entry in the store to replace: the new key's, pending. None for an
   * entry deleted meanwhile: the install refuses it, and a deleted entry does not come back.
   */
  private void holdEntry(CmpEnrollment e, CmpResult.Issued i) {
    var entry = ctx.localConfig(e.vdom(), e.certificate());
    if (entry.isEmpty()) {
      return;
    }
    CertStore store = ctx.store(e.vdom(), entry.get().range());
    if (store.snapshot().findLocal(e.certificate()).isEmpty()) {
      store.putLocal(
          LocalCertificate.pending(
              e.certificate(),
              i.key().getPrivate(),
              i.transactionId(),
              ctx.ports().appliance().clock().instant()));
    }
  }

  /** The failure counts' kind of a CMP failure; the CA's failInfo where SCEP has the same name. */
  static FailureKind failureKind(CmpResult.Failed f) {
    return switch (f.kind()) {
      case REJECTED -> rejection(f.failInfo());
      case BAD_REPLY -> FailureKind.BAD_REPLY;
      case UNTRUSTED -> FailureKind.UNTRUSTED;
      case EGRESS -> FailureKind.EGRESS;
      case TRANSPORT -> FailureKind.CONNECTION;
      case TIMEOUT -> FailureKind.TIMEOUT;
      case HTTP_STATUS -> FailureKind.HTTP_STATUS;
      case CONFIGURATION -> FailureKind.CONFIGURATION;
    };
  }

  private static FailureKind rejection(String failInfo) {
    String first = failInfo == null ? "none" : failInfo.split(",", 2)[0];
    return switch (first) {
      case "badAlg" -> FailureKind.CA_BAD_ALG;
      case "badMessageCheck" -> FailureKind.CA_BAD_MESSAGE_CHECK;
      case "badRequest" -> FailureKind.CA_BAD_REQUEST;
      case "badTime" -> FailureKind.CA_BAD_TIME;
      case "badCertId" -> FailureKind.CA_BAD_CERT_ID;
      default -> FailureKind.CA_FAILURE;
    };
  }

  @Override
  public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
    CertificateLocalConfig lc =
        ctx.localConfig(cert.identity().vdom(), cert.name())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "local certificate " + cert.name() + " is not configured"));
    LocalCertificate current =
        ctx.current(cert.identity().vdom(), lc)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "local certificate " + cert.name() + " has no certificate"));
    CmpSettings s = lc.cmp();
    CmpEnrollment e =
        new CmpEnrollment(
            lc.name(),
            cert.identity().vdom(),
            CmpServer.parse(s.server(), s.path()),
            s.keyUpdate() ? CmpEnrollment.Kind.KUR : CmpEnrollment.Kind.CR,
            null,
            KeyType.of(current.certificate().getPublicKey()),
            null,
            current,
            anchors(cert.identity().vdom(), s),
            lc.sourceIp());
    return new Renewal() {
      private boolean cancelled;

      @Override
      public void start() {
        ctx.ports()
            .console()
            .track(client.run(e))
            .thenAccept(
                r -> {
                  if (cancelled) {
                    return;
                  }
                  ScepOutcome o = outcome(e, r);
                  done.accept(EnrollmentProtocol.renewOutcome(o));
                });
      }

      @Override
      public void cancel() {
        cancelled = true;
      }
    };
  }
}
