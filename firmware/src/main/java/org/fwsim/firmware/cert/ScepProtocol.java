package org.fwsim.firmware.cert;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.Secret;
import org.fwsim.firmware.cron.CertificateIdentity;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepClient;
import org.fwsim.firmware.scep.client.ScepEnrollment;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.clock.Timer;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * {@code enroll-protocol scep} over the VDOM's SCEP client: the first enrollment of {@code generate
 * rsa|ec}, and forticron's auto-regenerate with the entry's {@code scep-url}, {@code
 * scep-password}, {@code ca-identifier}, {@code source-ip} and {@code private-key-retain}; an
 * issued certificate is written back to the configuration before anyone hears. CA certificates with
 * {@code auto-update-days} are fetched again with GetCACert.
 */
record ScepProtocol(CertificatePorts ports, ScepClients clients, StoreSync sync, CaImport caImport)
    implements EnrollmentProtocol {

  @Override
  public CompletableFuture<ScepOutcome> enroll(Request request) {
    CertificateLocalConfig lc = request.entry();
    ScepEnrollment enrollment;
    ScepClient client;
    try {
      client = clients.client(request.vdom());
      enrollment =
          new ScepEnrollment(
              lc.name(),
              ScepUrl.parse(lc.scepUrl()),
              lc.scepPassword().map(Secret::reveal).orElse(null),
              blankToNull(lc.caIdentifier()),
              request.generate().subject(),
              request.generate().keyType(),
              lc.privateKeyRetain(),
              request.global(),
              lc.sourceIp());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          ScepOutcome.refused(lc.name(), false, e.getMessage()));
    }
    return client
        .enroll(enrollment)
        .thenApply(o -> written(request.vdom(), enrollment.global(), o));
  }

  /** Writes an issued certificate to the entry; one that cannot be saved is a failure. */
  private ScepOutcome written(String vdom, boolean global, ScepOutcome o) {
    if (!o.issued()) {
      return o;
    }
    if (droppedIfDeleted(vdom, o.certificate(), global)) {
      return ScepOutcome.failed(
          o.certificate(),
          o.renewal(),
          o.transactionId(),
          deleted(o.certificate()),
          FailureKind.CONFIGURATION);
    }
    try {
      sync.persist(vdom, o.certificate(), o.installed());
      return o;
    } catch (RuntimeException e) {
      return new ScepOutcome(
          o.certificate(),
          ScepOutcome.Status.FAILED,
          o.renewal(),
          o.messageType(),
          o.transactionId(),
          o.failInfo(),
          "issued, but not saved to the configuration: " + e.getMessage(),
          null,
          o.polls(),
          FailureKind.INTERNAL);
    }
  }

  @Override
  public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
    if (cert.identity().type() == CertificateIdentity.Type.CA) {
      return new CaUpdate(cert, done);
    }
    ScepClient client = clients.client(cert.identity().vdom());
    RenewedEntry renewed = ports.renewed(cert);
    CertificateLocalConfig lc = renewed.entry();
    LocalCertificate current = renewed.current();
    boolean global = cert.identity().isGlobal();
    ScepEnrollment enrollment =
        new ScepEnrollment(
            cert.name(),
            ScepUrl.parse(cert.renewal().serverUrl()),
            blankToNull(cert.renewal().password()),
            blankToNull(cert.renewal().caIdentifier()),
            null,
            KeyType.of(current.certificate().getPublicKey()),
            lc.privateKeyRetain(),
            global,
            cert.renewal().sourceIp());
    client.traceCertInit(enrollment);
    return new Running(client, enrollment, cert.identity().vdom(), done);
  }

  /**
   * {@code auto-update-days} of a CA certificate: GetCACert from its {@code scep-url}. A CA
   * certificate other than the one held, and expiring no earlier, replaces it (store and config)
   * before forticron hears SUCCESS. The same one back is a FAILURE ("no newer"), so forticron logs
   * it and backs off rather than asking again at once.
   */
  private final class CaUpdate implements Renewal {
    private final CronCertificate cert;
    private final ScepUrl url;
    private final Consumer<RenewOutcome> done;
    private boolean cancelled;

    CaUpdate(CronCertificate cert, Consumer<RenewOutcome> done) {
      if (cert.renewal().serverUrl().isEmpty()) { // RenewalSettings makes an unset URL ""
        throw new IllegalStateException(
            "CA certificate " + cert.name() + " has no scep-url to update from");
      }
      this.cert = cert;
      this.url = ScepUrl.parse(cert.renewal().serverUrl());
      this.done = done;
    }

    @Override
    public void start() {
      ports
          .console()
          .track(
              caImport.fetchCaCert(
                  cert.identity().vdom(),
                  url,
                  blankToNull(cert.renewal().caIdentifier()),
                  cert.renewal().sourceIp()))
          .whenComplete(
              (cas, error) -> {
                if (cancelled) {
                  return;
                }
                if (error != null) {
                  done.accept(
                      RenewOutcome.failure(
                          FailureKind.of(error),
                          "GetCACert from "
                              + cert.renewal().serverUrl()
                              + " failed: "
                              + CaImport.cause(error).getMessage()));
                  return;
                }
                done.accept(
                    new EnrollmentContext(ports, sync, caImport)
                        .updateCa(cert, cert.renewal().serverUrl(), cas.ca()));
              });
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /**
   * Whether the entry {@code name} was deleted while its transaction was in flight; if so, the
   * certificate the transaction just put in the store leaves it, with the entry's CSR, and the SCEP
   * trace says so: a deleted entry does not come back.
   */
  private boolean droppedIfDeleted(String vdom, String name, boolean global) {
    if (ports.localConfig(vdom, name).isPresent()) {
      return false;
    }
    clients.client(vdom).context().store(global).removeLocal(name);
    ports.debug().trace(DebugApplication.SCEP).line("scep_write_local_cert", "%s", deleted(name));
    return true;
  }

  private static String deleted(String name) {
    return "local certificate "
        + name
        + " was deleted while its enrollment was in flight; the certificate is dropped";
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** One renewal; reports PENDING while the store shows the request pending. */
  private final class Running implements Renewal {
    private final ScepClient client;
    private final ScepEnrollment enrollment;
    private final String vdom;
    private final Consumer<RenewOutcome> done;
    private boolean finished;
    private Timer watch;

    Running(
        ScepClient client, ScepEnrollment enrollment, String vdom, Consumer<RenewOutcome> done) {
      this.client = client;
      this.enrollment = enrollment;
      this.vdom = vdom;
      this.done = done;
    }

    @Override
    public void start() {
      // Tracked like a console command's work, so a scripted console waits for the renewal.
      ports
          .console()
          .track(client.renew(enrollment))
          .whenComplete(
              (outcome, error) -> {
                finished = true;
                if (watch != null) {
                  watch.cancel();
                }
                if (error != null) {
                  done.accept(
                      RenewOutcome.failure(FailureKind.INTERNAL, "renewal crashed: " + error));
                } else if (outcome.issued()
                    && droppedIfDeleted(vdom, enrollment.certificate(), enrollment.global())) {
                  done.accept(
                      RenewOutcome.failure(
                          FailureKind.CONFIGURATION, deleted(enrollment.certificate())));
                } else if (outcome.issued()) {
                  try {
                    sync.persist(vdom, enrollment.certificate(), outcome.installed());
                  } catch (RuntimeException e) {
                    // The store holds the new pair; the file keeps the old one until the next save.
                    ports
                        .console()
                        .print(
                            "fwsim: renewed "
                                + enrollment.certificate()
                                + " not saved to the configuration: "
                                + e.getMessage());
                  }
                  done.accept(
                      RenewOutcome.success(
                          outcome.installed().certificate().getNotAfter().toInstant()));
                } else {
                  done.accept(
                      RenewOutcome.failure(
                          outcome.failure(),
                          outcome.reason() == null ? outcome.status().name() : outcome.reason()));
                }
              });
      if (!finished) {
        scheduleWatch();
      }
    }

    /**
     * The client reports only its end; forticron wants to hear PENDING while the CA holds the
     * request, so the store's state is looked at every poll interval.
     */
    private void scheduleWatch() {
      watch =
          ports
              .appliance()
              .scheduleAfter(
                  client.context().policy().pollInterval(),
                  () -> {
                    if (finished) {
                      return;
                    }
                    boolean pending =
                        client
                            .context()
                            .store(enrollment.global())
                            .snapshot()
                            .findLocal(enrollment.certificate())
                            .map(c -> c.state().isPending())
                            .orElse(false);
                    if (pending) {
                      done.accept(RenewOutcome.pending());
                    }
                    scheduleWatch();
                  });
    }

    @Override
    public void cancel() {
      finished = true;
      if (watch != null) {
        watch.cancel();
      }
    }
  }
}
