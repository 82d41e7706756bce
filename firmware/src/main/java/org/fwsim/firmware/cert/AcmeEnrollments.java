package org.fwsim.firmware.cert;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.fwsim.firmware.acme.AccountKey;
import org.fwsim.firmware.acme.AcmeChallengeResponder;
import org.fwsim.firmware.acme.AcmeClient;
import org.fwsim.firmware.acme.AcmeCsr;
import org.fwsim.firmware.acme.AcmeException;
import org.fwsim.firmware.acme.AcmeHttpsClient;
import org.fwsim.firmware.acme.AcmeOrder;
import org.fwsim.firmware.acme.AcmeStep;
import org.fwsim.firmware.acme.AcmeTransport;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.cron.CertRenewer;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.cron.RenewalSettings;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogEntry.Field;
import org.fwsim.firmware.log.LogId;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.pki.CertSource;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * The local certificates with {@code set enroll-protocol acme2}: a first enrollment when such an
 * entry is committed without a certificate (as FortiOS starts one when the entry is created), and
 * forticron's renewal when {@code acme-renew-window} days remain. The current certificate and key
 * stay in force until the new chain is checked and stored; any failure leaves them.
 *
 * <p>ACME accounts live in {@code config system acme} ({@link AcmeAccounts}): an EC P-256 key
 * (INFERENCE: the reference does not say which account key FortiOS makes) and the account URL the
 * CA gave. HTTP-01 is answered on the addresses of {@code config system acme}'s {@code interface}
 * list, or on the interface towards the CA when the list is empty.
 *
 * <p>Threading: mailbox only.
 */
final class AcmeEnrollments implements CertRenewer {

  /** FortiOS answers HTTP-01 on port 80; tests move it (pebble's {@code httpPort}). */
  static final int HTTP_PORT = 80;

  /** The attributes whose setting or change starts an enrollment. */
  private static final List<String> ACME_FIELDS =
      List.of("acme-ca-url", "acme-domain", "acme-email", "acme-rsa-key-size", "acme-renew-window");

  /** The ACME fields of one local entry, read from the configuration. */
  record Settings(URI directory, String domain, String email, int rsaKeySize, int renewWindow) {
    static Settings of(ConfigObject o) {
      return new Settings(
          URI.create(o.text("acme-ca-url")),
          o.text("acme-domain"),
          o.text("acme-email"),
          Integer.parseInt(o.text("acme-rsa-key-size")),
          Integer.parseInt(o.text("acme-renew-window")));
    }
  }

  private final CertificatePorts ports;
  private final StoreSync sync;
  private final AcmeAccounts accounts;
  private final Enrollment listeners;

  /** The order in flight of each entry (a first enrollment's or a renewal's), by vdom/name. */
  private final Map<String, Order> inFlight = new HashMap<>();

  /** The entries whose first enrollment (the one the listeners hear of) is in flight. */
  private final Set<String> enrolling = new HashSet<>();

  /** The ACME settings each acme2 entry was last enrolled (or considered) with, by vdom/name. */
  private final Map<String, List<String>> enrolledWith = new HashMap<>();

  private final AcmeChallengeResponder responder;
  private AcmeClient client;
  private AcmeTransport transport;
  private int httpPort = HTTP_PORT;

  /**
   * One order of an entry. Dropped when the entry is deleted (or stops being acme2) while the order
   * is in flight: its result then goes nowhere, not even into an entry of the same name made since.
   */
  private static final class Order {
    boolean dropped;
  }

  /**
   * @param listeners told of each first enrollment, as {@code generate}'s are
   */
  AcmeEnrollments(CertificatePorts ports, StoreSync sync, Enrollment listeners) {
    this.ports = ports;
    this.sync = sync;
    this.listeners = listeners;
    this.accounts = new AcmeAccounts(ports.config());
    this.responder = new AcmeChallengeResponder(ports.hypervisor().transports());
  }

  /** The port HTTP-01 is answered on (80 unless a test or lab moves it). */
  int httpPort() {
    return httpPort;
  }

  /** Where HTTP-01 is answered (host endpoints); any thread. */
  List<InetSocketAddress> http01Endpoints() {
    return responder.endpoints();
  }

  /** Moves the port HTTP-01 is answered on. */
  void setHttpPort(int port) {
    httpPort = port;
  }

  /** Carries the orders started from now on over {@code t} (tests: a server on values). */
  void setTransport(AcmeTransport t) {
    transport = t;
    client = null;
  }

  /**
   * After boot and each commit: enrolls the acme2 entries whose ACME settings were just set or
   * changed (at boot, every one) and that have no certificate yet. Other commits start nothing, so
   * an enrollment that failed is not retried at every unrelated commit: setting a value again (or
   * forticron) does. A retry while the entry's first enrollment is in flight is absorbed by it:
   * that order goes on, and the listeners hear this commit's start and that order's end.
   */
  void configChanged(ApplianceConfig cfg) {
    dropDeleted(cfg);
    Map<String, List<String>> now = new HashMap<>();
    for (VdomConfig v : cfg.vdoms().values()) {
      for (CertificateLocalConfig lc : v.localCertificates()) {
        if (lc.enrollProtocol() != EnrollProtocol.ACME2) {
          continue;
        }
        String entry = key(v.name(), lc.name());
        List<String> fields = acmeFields(v.name(), lc.name());
        List<String> before = enrolledWith.get(entry);
        now.put(entry, before);
        if (enrolling.contains(entry) && !fields.equals(before)) {
          now.put(entry, fields);
          listeners.started(v.name(), lc.name());
          continue;
        }
        if (fields.equals(before) || inFlight.containsKey(entry)) {
          continue; // unchanged, or changed while renewed: the next commit looks again
        }
        now.put(entry, fields);
        startIfNone(v, lc);
      }
    }
    now.values().removeIf(java.util.Objects::isNull);
    enrolledWith.clear();
    enrolledWith.putAll(now); // entries deleted or no longer acme2 are forgotten
  }

  /**
   * Drops the orders of entries this commit deleted (or made another protocol's): what they bring
   * back is installed nowhere. An entry of the same name made later starts an order of its own.
   */
  private void dropDeleted(ApplianceConfig cfg) {
    if (inFlight.isEmpty()) {
      return;
    }
    Set<String> acme2 = new HashSet<>();
    for (VdomConfig v : cfg.vdoms().values()) {
      for (CertificateLocalConfig lc : v.localCertificates()) {
        if (lc.enrollProtocol() == EnrollProtocol.ACME2) {
          acme2.add(key(v.name(), lc.name()));
        }
      }
    }
    inFlight
        .entrySet()
        .removeIf(
            e -> {
              if (acme2.contains(e.getKey())) {
                return false;
              }
              e.getValue().dropped = true;
              enrolling.remove(e.getKey());
              return true;
            });
  }

  /** Enrolls {@code lc} when it has a domain and no certificate. */
  private void startIfNone(VdomConfig v, CertificateLocalConfig lc) {
    Settings s;
    try {
      s = settings(v.name(), lc.name());
    } catch (IllegalArgumentException e) {
      log(v.name(), lc.name(), "acme-ca-url is not a URL: " + e.getMessage());
      return;
    }
    if (s.domain().isEmpty() || ports.current(v.name(), lc).isPresent()) {
      return;
    }
    listeners.started(v.name(), lc.name());
    String entry = key(v.name(), lc.name());
    enrolling.add(entry);
    enroll(v.name(), lc.name(), lc.range(), s)
        .whenComplete(
            (installed, error) -> {
              if (!inFlight.containsKey(entry)) { // else a new entry of that name enrolls
                enrolling.remove(entry);
              }
              String why = error == null ? null : rootMessage(error);
              log(v.name(), lc.name(), why);
              listeners.ended(
                  v.name(),
                  error == null
                      ? ScepOutcome.issued(lc.name(), false, null, null, installed, 0)
                      : ScepOutcome.failed(
                          lc.name(), false, null, "ACME: " + why, failureKind(error)));
            });
  }

  /** The entry's ACME settings as set, to tell a commit that changed them from one that did not. */
  private List<String> acmeFields(String vdom, String name) {
    ConfigObject o = ports.tree().vdom(vdom).table(StoreSync.LOCAL_TABLE).get(name);
    List<String> out = new ArrayList<>(ACME_FIELDS.size());
    for (String f : ACME_FIELDS) {
      out.add(o.text(f));
    }
    return out;
  }

  /**
   * forticron's list with the ACME entries' renewal days: {@code acme-renew-window} where SCEP uses
   * {@code auto-regenerate-days}.
   */
  List<CronCertificate> withRenewWindows(List<CronCertificate> certs) {
    List<CronCertificate> out = new ArrayList<>(certs.size());
    for (CronCertificate c : certs) {
      if (c.renewal().enrollProtocol() != EnrollProtocol.ACME2) {
        out.add(c);
        continue;
      }
      Settings s = settings(c.identity().vdom(), c.name());
      out.add(
          new CronCertificate(
              c.identity(),
              new RenewalSettings(
                  s.domain().isEmpty() ? 0 : s.renewWindow(),
                  c.renewal().daysWarn(),
                  c.renewal().enrollProtocol(),
                  s.directory().toString(),
                  "",
                  "",
                  Ip4.ANY),
              c.notAfter()));
    }
    return out;
  }

  @Override
  public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
    String range = cert.identity().isGlobal() ? "global" : "vdom";
    Settings s = settings(cert.identity().vdom(), cert.name());
    return new Renewal() {
      private boolean cancelled;

      @Override
      public void start() {
        enroll(cert.identity().vdom(), cert.name(), range, s)
            .whenComplete(
                (installed, error) -> {
                  if (cancelled) {
                    return;
                  }
                  done.accept(
                      error == null
                          ? RenewOutcome.success(notAfter(installed))
                          : RenewOutcome.failure(
                              failureKind(error), "ACME: " + rootMessage(error)));
                });
      }

      @Override
      public void cancel() {
        cancelled = true;
      }
    };
  }

  /**
   * Enrolls one entry; the new pair replaces the old one in the store and config only on success.
   */
  private CompletableFuture<LocalCertificate> enroll(
      String vdom, String name, String range, Settings s) {
    String entry = key(vdom, name);
    Order order = new Order();
    inFlight.put(entry, order);
    CompletableFuture<LocalCertificate> result;
    try {
      Egress egress = egress(vdom, s);
      KeyPair key = rsa(s.rsaKeySize());
      AcmeAccounts.Account account = accounts.find(s.directory(), s.email()).orElse(null);
      AccountKey accountKey = account != null ? account.key() : new AccountKey(ec());
      AcmeOrder acmeOrder =
          new AcmeOrder(
              s.directory(),
              s.domain(),
              s.email(),
              AcmeCsr.build(key, s.domain()),
              accountKey,
              account == null ? null : account.url());
      List<InetSocketAddress> http01 = http01(vdom, egress);
      result =
          ports
              .console()
              .track(client().enroll(acmeOrder, egress, http01))
              .toCompletableFuture()
              .thenApply(
                  issued -> {
                    if (account == null) {
                      accounts.remember(s.directory(), s.email(), accountKey, issued.account());
                    }
                    if (order.dropped) {
                      throw dropped(name, issued);
                    }
                    return install(vdom, name, range, issued, key);
                  });
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete((ok, error) -> inFlight.remove(entry, order));
  }

  /**
   * The certificate of an order whose entry was deleted meanwhile is not installed: said on the
   * ACME debug trace, and the order fails with that reason.
   */
  private IllegalStateException dropped(String name, AcmeStep.Issued issued) {
    String why = "local certificate " + name + " was deleted while its order was in flight";
    ports
        .debug()
        .trace(DebugApplication.ACME)
        .line(
            "acme_drop",
            "%s: certificate serial %s dropped",
            why,
            issued.leaf().getSerialNumber().toString(16));
    return new IllegalStateException(why + "; the certificate is dropped");
  }

  private LocalCertificate install(
      String vdom, String name, String range, AcmeStep.Issued issued, KeyPair key) {
    CertStore store = ports.store(vdom, range);
    LocalCertificate installed =
        store.snapshot().findLocal(name).isPresent()
            ? store.replaceLocal(name, issued.chain(), key.getPrivate())
            : put(store, name, issued.chain(), key);
    sync.persist(vdom, name, installed);
    return installed;
  }

  private LocalCertificate put(
      CertStore store, String name, List<X509Certificate> chain, KeyPair key) {
    LocalCertificate c =
        LocalCertificate.of(
            name, chain, key.getPrivate(), CertSource.USER, ports.appliance().clock().instant());
    store.putLocal(c);
    return c;
  }

  /**
   * The interface towards the CA; it also answers HTTP-01. FortiOS documents ACME as not supported
   * on SD-WAN and loopback interfaces, so those are refused here with that reason.
   */
  private Egress egress(String vdom, Settings s) {
    String host = s.directory().getHost();
    int destination;
    try {
      destination = Ip4.parse(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "acme-ca-url "
              + s.directory()
              + ": fwsim reaches CAs by address, not by name (map the address in the underlay)");
    }
    Egress egress;
    try {
      egress = ports.egress().select(vdom, destination, Ip4.ANY);
    } catch (EgressException e) {
      throw new IllegalStateException("no route to the ACME CA: " + e.getMessage(), e);
    }
    refuseUnsupported(vdom, egress.interfaceName(), egress.method() == InterfaceSelectMethod.SDWAN);
    return egress;
  }

  /**
   * Where HTTP-01 is answered: the host endpoints of {@code config system acme}'s interfaces, or of
   * the egress interface when none is listed.
   */
  private List<InetSocketAddress> http01(String vdom, Egress egress) {
    List<String> names = ports.tree().global().singleton(AcmeAccounts.PATH).list("interface");
    List<InetSocketAddress> out = new ArrayList<>();
    for (String name : names.isEmpty() ? List.of(egress.interfaceName()) : names) {
      refuseUnsupported(vdom, name, false);
      NetworkInterface nic =
          ports
              .appliance()
              .findInterface(name)
              .orElseThrow(
                  () -> new IllegalStateException("config system acme: no interface " + name));
      int host = ports.hypervisor().underlay().hostAddressOf(ports.appliance().id(), nic.address());
      out.add(new InetSocketAddress(Ip4.toInetAddress(host), httpPort));
    }
    return out;
  }

  /** FortiOS documents ACME as not supported on SD-WAN and loopback interfaces. */
  private void refuseUnsupported(String vdom, String name, boolean chosenBySdwan) {
    if (chosenBySdwan || sdwanMember(vdom, name)) {
      throw new IllegalStateException("ACME is not supported on SD-WAN interfaces (" + name + ")");
    }
    boolean loopback =
        ports
            .appliance()
            .findInterface(name)
            .map(n -> n.type() == NetworkInterface.Type.LOOPBACK)
            .orElse(false);
    if (loopback) {
      throw new IllegalStateException(
          "ACME is not supported on loopback interfaces (" + name + ")");
    }
  }

  private boolean sdwanMember(String vdom, String iface) {
    return ports
        .tree()
        .view()
        .vdom(vdom)
        .map(
            v ->
                v.sdwan().enabled()
                    && v.sdwan().members().stream().anyMatch(m -> m.interfaceName().equals(iface)))
        .orElse(false);
  }

  private AcmeClient client() {
    if (client == null) {
      client =
          new AcmeClient(
              new AcmeClient.Context(
                  ports.appliance().mailbox().completions(),
                  ports.appliance().clock(),
                  ports.hypervisor().activity(),
                  ports.hypervisor().transports().group(),
                  transport != null
                      ? transport
                      : new AcmeHttpsClient(
                          ports.hypervisor().underlay(),
                          ports.appliance(),
                          this::trusted,
                          1 << 20,
                          Duration.ofSeconds(30)),
                  responder,
                  ports.debug().trace(DebugApplication.ACME),
                  30));
    }
    return client;
  }

  /** The CA certificates of every store of the appliance: what FortiOS's CA bundle is to it. */
  private List<X509Certificate> trusted() {
    List<X509Certificate> out = new ArrayList<>();
    List<CertStore> stores = new ArrayList<>();
    stores.add(ports.appliance().globalCerts());
    ports.appliance().vdoms().all().values().forEach(v -> stores.add(v.certStore()));
    for (CertStore store : stores) {
      store.snapshot().caCertificates().values().forEach(c -> out.add(c.certificate()));
    }
    return out;
  }

  private Settings settings(String vdom, String name) {
    return Settings.of(ports.tree().vdom(vdom).table(StoreSync.LOCAL_TABLE).get(name));
  }

  private void log(String vdom, String name, String error) {
    ports
        .eventLog()
        .append(
            new LogEntry(
                ports.appliance().clock().millis(),
                error == null ? LogId.AUTO_GEN_CERT_SUCC : LogId.AUTO_GEN_CERT_FAIL,
                vdom,
                List.of(
                    new Field("name", name),
                    new Field("status", error == null ? "success" : "failure"),
                    new Field(
                        "msg",
                        error == null
                            ? "ACME enrollment of " + name + " succeeded"
                            : "ACME enrollment of " + name + " failed: " + error))));
  }

  private static java.time.Instant notAfter(LocalCertificate installed) {
    return installed.certificate().getNotAfter().toInstant();
  }

  /**
   * What kind of failure {@code error} is, for forticron and the storm. A problem saying the server
   * could not reach the validation target (RFC 8555 §6.7 {@code connection}, {@code dns}, {@code
   * tls}: pebble failing to connect to an appliance's HTTP-01 port or to resolve its domain) is a
   * validation failure, neither a bad reply nor a failure of the appliance's own connection.
   */
  static FailureKind failureKind(Throwable error) {
    Throwable t = error;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof AcmeException e) {
      return switch (e.error()) {
        case CONNECTION, DNS, TLS -> FailureKind.VALIDATION;
        default -> FailureKind.BAD_REPLY;
      };
    }
    if (t instanceof java.io.IOException) {
      return t instanceof java.net.ConnectException ? FailureKind.CONNECTION : FailureKind.TIMEOUT;
    }
    return t instanceof IllegalStateException || t instanceof IllegalArgumentException
        ? FailureKind.CONFIGURATION
        : FailureKind.OTHER;
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null
        && (t instanceof java.util.concurrent.CompletionException || t.getMessage() == null)) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static String key(String vdom, String name) {
    return vdom + "/" + name;
  }

  /**
   * The certificate's new RSA key: from the hypervisor's key pool for the sizes it keeps (a storm
   * makes them before its measured window, as for SCEP), else made here.
   */
  private KeyPair rsa(int bits) {
    if (bits == 2048 || bits == 4096) {
      return ports
          .hypervisor()
          .keys()
          .take(
              bits == 2048
                  ? org.fwsim.hal.pki.KeyType.RSA_2048
                  : org.fwsim.hal.pki.KeyType.RSA_4096);
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is missing from the JDK", e);
    }
  }

  private static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is missing from the JDK", e);
    }
  }
}
