package org.fwsim.firmware.cert;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.fwsim.firmware.acme.AcmeTransport;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.CronListener;
import org.fwsim.firmware.cron.CronSettings;
import org.fwsim.firmware.cron.Forticron;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.firmware.scep.client.ScepPolicy;
import org.fwsim.hal.pki.CertStore;

/**
 * The certificates of one appliance: a SCEP client per VDOM (made on first use), the other
 * enrollment protocols ({@link #addProtocol}), forticron, and the two-way mirror between the
 * certificate stores and {@code config vpn certificate local|ca}. A facade over {@link StoreSync}
 * (the mirror and persistence), {@link Enrollment} ({@code generate}), {@link CaImport} ({@code ca
 * import auto}) and {@link CronFeed} (forticron's view), built from explicit {@link
 * CertificatePorts}.
 *
 * <p>Threading: mailbox only, like the firmware that owns it.
 */
public final class CertificateService {

  private final CertificatePorts ports;
  private final ScepClients clients;
  private final StoreSync sync;
  private final EnrollmentProtocols protocols;
  private final EnrollmentContext context;
  private final Enrollment enrollment;
  private final CaImport caImport;
  private final CronFeed feed;
  private final Forticron cron;
  private final AcmeEnrollments acme;

  /** False until the boot-time configuration has been handed to forticron. */
  private boolean cronStarted;

  /** Made on the appliance's mailbox by whoever assembles the firmware. */
  public CertificateService(CertificatePorts ports) {
    this.ports = ports;
    this.clients = new ScepClients(ports);
    this.protocols =
        new EnrollmentProtocols(() -> clients.policy().admission(), ports.appliance()::execute);
    this.sync = new StoreSync(ports);
    this.caImport = new CaImport(ports, clients, sync);
    this.context = new EnrollmentContext(ports, sync, caImport);
    this.enrollment = new Enrollment(ports, protocols, sync);
    protocols.add(EnrollProtocol.SCEP, new ScepProtocol(ports, clients, sync, caImport));
    this.feed = new CronFeed(ports.appliance(), sync::refuseOnce);
    this.acme = new AcmeEnrollments(ports, sync, enrollment);
    // ACME enrolls from its configuration (config system acme), not with a generate command.
    protocols.add(EnrollProtocol.ACME2, EnrollmentProtocol.renewing(acme, "acme2"));
    this.cron =
        new Forticron(
            ports.appliance(),
            protocols,
            ports.eventLog(),
            ports.debug().trace(DebugApplication.FORTICRON));
    cron.addListener(
        new CronListener() {
          @Override
          public void expired(CronCertificate cert) {
            sync.markExpired(cert);
          }
        });
  }

  /**
   * Adds the implementation of {@code protocol} (EST, CMPv2, ACME), made from this subsystem's
   * {@link EnrollmentContext}; {@code generate} and forticron use it for entries with that {@code
   * enroll-protocol}. Called once per protocol by whoever assembles the firmware.
   *
   * @throws IllegalStateException when the protocol already has one (SCEP always has)
   */
  public void addProtocol(
      EnrollProtocol protocol, Function<EnrollmentContext, EnrollmentProtocol> implementation) {
    protocols.add(protocol, implementation.apply(context));
  }

  /**
   * The implementation of {@code protocol}, for its own commands ({@code ca import est}).
   *
   * @throws IllegalStateException when fwsim has none
   */
  public EnrollmentProtocol protocol(EnrollProtocol protocol) {
    return protocols.get(protocol);
  }

  /** The appliance's forticron. */
  public Forticron forticron() {
    return cron;
  }

  /** Moves the port ACME's HTTP-01 is answered on from 80 (a lab without root, pebble's tests). */
  public void setAcmeHttpPort(int port) {
    acme.setHttpPort(port);
  }

  /**
   * The host endpoints the appliance answers ACME's HTTP-01 at, once a challenge bound them: what a
   * lab's DNS would point its domains to. Any thread.
   */
  public java.util.List<java.net.InetSocketAddress> acmeHttp01Endpoints() {
    return acme.http01Endpoints();
  }

  /** Carries ACME's orders started from now on over {@code transport}: tests, on values. */
  void setAcmeTransport(AcmeTransport transport) {
    acme.setTransport(transport);
  }

  /** The port ACME's HTTP-01 is answered on. */
  public int acmeHttpPort() {
    return acme.httpPort();
  }

  /**
   * The policy new SCEP transactions get (timing, admission, flow); its admission holds the other
   * protocols' renewals too.
   */
  public ScepPolicy policy() {
    return clients.policy();
  }

  /** Timing of SCEP transactions started from now on (new clients only). */
  public void setPolicy(ScepPolicy newPolicy) {
    clients.setPolicy(newPolicy);
  }

  /** The store a certificate of that range lives in ({@code global} unless {@code vdom}). */
  CertStore store(String vdom, String range) {
    return ports.store(vdom, range);
  }

  /**
   * {@code execute vpn certificate local generate}: creates the entry and enrolls online; see
   * {@link Enrollment#generate}. Never completes exceptionally.
   *
   * @throws IllegalArgumentException when the entry already exists or a value is refused (nothing
   *     changed)
   * @throws IllegalStateException when fwsim has no implementation of the request's protocol
   */
  public CompletableFuture<ScepOutcome> generate(GenerateRequest request) {
    return enrollment.generate(request);
  }

  /**
   * Where the SCEP enrollment or renewal of local certificate {@code name} of {@code vdom} is now,
   * for whoever waits for it too long (the storm's report of certificates that do not end); "no
   * SCEP transaction" when none runs (another protocol's, or none at all). Mailbox only.
   */
  public String transactionState(String vdom, String name) {
    return clients
        .describe(vdom, name)
        .map(s -> "SCEP transaction " + s)
        .orElse("no SCEP transaction");
  }

  /** Hears every {@code generate} from now on (its start and typed outcome), until removed. */
  public void addEnrollmentListener(EnrollmentListener listener) {
    enrollment.addListener(listener);
  }

  /** Stops telling {@code listener}. */
  public void removeEnrollmentListener(EnrollmentListener listener) {
    enrollment.removeListener(listener);
  }

  /**
   * {@code execute vpn certificate ca import auto}; see {@link CaImport#importCa}. Completes with
   * the line to print, never exceptionally.
   *
   * @throws IllegalArgumentException for an unusable URL, source IP or fingerprint (nothing sent)
   */
  public CompletableFuture<String> importCa(
      String vdom, String url, String caIdentifier, String sourceIp, String fingerprint) {
    return caImport.importCa(vdom, url, caIdentifier, sourceIp, fingerprint);
  }

  /**
   * After boot and each commit: loads certificates of the configuration that the stores do not hold
   * yet (a restarted appliance, a restored file), then gives forticron the certificate set.
   */
  public void configChanged() {
    ApplianceConfig cfg = ports.tree().view();
    sync.load(cfg);
    acme.configChanged(cfg);
    try {
      CronSettings settings = feed.settings(cfg);
      if (!settings.equals(cron.settings())) {
        cron.settings(settings); // forticron recomputes every deadline: not at each write-back
      }
      if (cronStarted) {
        cron.update(acme.withRenewWindows(feed.certificates(cfg)));
      } else {
        cronStarted = true;
        cron.restore(
            acme.withRenewWindows(
                feed.certificates(cfg))); // boot: what the saved config held was seen before
      }
    } catch (RuntimeException e) {
      ports.console().print("fwsim: forticron not updated: " + e.getMessage());
    }
  }

  /**
   * {@code execute date/time}, {@code sim clock set/advance}: forticron re-evaluates its deadlines.
   */
  public void clockChanged() {
    cron.clockChanged();
  }
}
