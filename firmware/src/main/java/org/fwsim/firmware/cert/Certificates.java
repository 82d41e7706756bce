package org.fwsim.firmware.cert;

import static org.fwsim.firmware.cli.Quoting.quote;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.cli.Secrets;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.CertificateCaConfig;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.FortiTimezone;
import org.fwsim.firmware.config.Secret;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.CronListener;
import org.fwsim.firmware.cron.CronSettings;
import org.fwsim.firmware.cron.Forticron;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.scep.client.ScepClient;
import org.fwsim.firmware.scep.client.ScepContext;
import org.fwsim.firmware.scep.client.ScepEnrollment;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.firmware.scep.client.ScepPolicy;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.ScepException;
import org.fwsim.firmware.scep.transport.ScepHttpClient;
import org.fwsim.firmware.scep.transport.ScepHttpRequest;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.firmware.scep.transport.UnderlayScepConnector;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.CaCertificate;
import org.fwsim.hal.pki.CertSource;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.vdom.Vdom;

/**
 * The certificates of one appliance: a SCEP client per VDOM (made on first use), forticron, and the
 * two-way mirror between the certificate stores and {@code config vpn certificate local|ca}.
 *
 * <p><b>Range.</b> A {@code config vpn certificate local} entry lives in the table of the VDOM it
 * was created in (in no-vdom mode: root). {@code range global} (FortiOS's default) installs its
 * certificate and key in the appliance's global store, visible to every VDOM; {@code range vdom} in
 * that VDOM's own store. CA certificates follow the same rule.
 *
 * <p><b>Persistence.</b> An issued or renewed certificate is written back to its entry with one
 * {@link ConfigTree#updateEntry} carrying {@code certificate} (PEM chain) and {@code private-key}
 * (PKCS#8 PEM encrypted with the entry's {@code password}; when none is set a random one is
 * generated and stored, ENC, in the same update), so autosave writes either the old pair or the new
 * one. At boot and after every commit, entries whose certificate is not in the store yet are loaded
 * into it.
 *
 * <p>Threading: mailbox only, like {@link Firmware}.
 */
public final class Certificates {

  static final String LOCAL_TABLE = "vpn certificate local";
  static final String CA_TABLE = "vpn certificate ca";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Firmware fw;
  private final Forticron cron;

  /** False until the boot-time configuration has been handed to forticron. */
  private boolean cronStarted;

  private Map<String, ScepClient> clients;
  private PkiRequests codec;
  private ScepPolicy policy = ScepPolicy.DEFAULTS;

  /** Certificates the mirror failed to load, by store key, so the console is told once. */
  private Set<String> refused;

  /** Per entry, the PEM texts last found in force in its store (see {@link #unchanged}). */
  private Map<String, List<String>> inForce = new HashMap<>(4);

  /** Per local entry in force, the sealer its key is written back with; see {@link KeySealer}. */
  private final Map<String, KeySealer> sealers = new HashMap<>(4);

  /** Made by {@link Firmware} on its mailbox. */
  public Certificates(Firmware fw) {
    this.fw = fw;
    this.cron =
        new Forticron(
            fw.appliance(),
            new ScepRenewer(this),
            fw.eventLog(),
            fw.debug().trace(DebugApplication.FORTICRON));
    cron.addListener(
        new CronListener() {
          @Override
          public void expired(CronCertificate cert) {
            markExpired(cert);
          }
        });
  }

  /** The appliance's forticron. */
  public Forticron forticron() {
    return cron;
  }

  /** The policy new SCEP transactions get (timing, admission, flow). */
  public ScepPolicy policy() {
    return policy;
  }

  /** Timing of SCEP transactions started from now on (new clients only). */
  public void setPolicy(ScepPolicy newPolicy) {
    this.policy = java.util.Objects.requireNonNull(newPolicy, "policy");
    clients = null; // idle clients are cheap to recreate; running ones finish with the old policy
  }

  /**
   * The SCEP client of a VDOM, made on first use.
   *
   * @throws IllegalStateException when the firmware was booted without a hypervisor, or the VDOM
   *     does not exist
   */
  public ScepClient client(String vdom) {
    ScepClient c = clients == null ? null : clients.get(vdom);
    if (c != null) {
      return c;
    }
    Hypervisor hv = fw.hypervisor();
    if (hv == null) {
      throw new IllegalStateException(
          "SCEP is not available: the firmware was booted without a hypervisor");
    }
    Appliance a = fw.appliance();
    Vdom v = a.vdoms().find(vdom).orElseThrow(() -> new IllegalStateException("no VDOM " + vdom));
    if (codec == null) {
      codec = new PkiRequests(a.clock(), RANDOM);
    }
    ScepContext ctx =
        new ScepContext(
            a.mailbox(),
            a.clock(),
            hv.scheduler(),
            fw.debug(),
            fw.eventLog(),
            v.name(),
            v.vfid(),
            v.certStore(),
            a.globalCerts(),
            hv.keys(),
            codec,
            fw.egress(),
            new ScepHttpClient(new UnderlayScepConnector(hv.underlay(), a)),
            policy);
    c = new ScepClient(ctx);
    c.logRenewals(false); // forticron starts every renewal here and logs its outcome
    if (clients == null) {
      clients = new HashMap<>(4);
    }
    clients.put(vdom, c);
    return c;
  }

  /** The store a certificate of that range lives in ({@code global} unless {@code vdom}). */
  public CertStore store(String vdom, String range) {
    if (!"vdom".equals(range)) {
      return fw.appliance().globalCerts();
    }
    return fw.appliance()
        .vdoms()
        .find(vdom)
        .map(Vdom::certStore)
        .orElseThrow(() -> new IllegalStateException("no VDOM " + vdom));
  }

  // --- generate -------------------------------------------------------------------------------

  /**
   * {@code execute vpn certificate local generate}: creates the entry in {@code request.vdom()}'s
   * {@code config vpn certificate local} (state PENDING, SCEP settings set so forticron can renew)
   * and enrolls online. The future completes on the mailbox once the outcome is written to the
   * configuration; it never completes exceptionally.
   *
   * @throws IllegalArgumentException when the entry already exists or a value is refused (nothing
   *     changed)
   * @throws IllegalStateException when SCEP is unavailable (no hypervisor)
   */
  public CompletableFuture<ScepOutcome> generate(GenerateRequest request) {
    String vdom = request.vdom();
    ScepClient client = client(vdom);
    ConfigTree tree = fw.config();
    VdomConfig vc =
        tree.view().vdom(vdom).orElseThrow(() -> new IllegalArgumentException("no VDOM " + vdom));
    if (vc.localCertificates().stream().anyMatch(c -> c.name().equals(request.name()))) {
      throw new IllegalArgumentException(
          "local certificate "
              + request.name()
              + " already exists; delete it first or let auto-regenerate renew it");
    }
    Map<String, String> sets = new LinkedHashMap<>();
    sets.put("password", randomPassword());
    sets.put("enroll-protocol", "scep");
    sets.put("scep-url", request.scepUrl().toString());
    if (request.challenge() != null) {
      sets.put("scep-password", request.challenge());
    }
    if (request.caIdentifier() != null) {
      sets.put("ca-identifier", request.caIdentifier());
    }
    if (request.sourceIp() != Ip4.ANY) {
      sets.put("source-ip", Ip4.toString(request.sourceIp()));
    }
    createEntry(tree, vdom, LOCAL_TABLE, request.name(), sets);
    tree.updateEntry(vdom, LOCAL_TABLE, request.name(), Map.of("state", "PENDING"));
    CertificateLocalConfig lc = localConfig(vdom, request.name()).orElseThrow();
    boolean global = !"vdom".equals(lc.range());
    ScepEnrollment enrollment =
        new ScepEnrollment(
            request.name(),
            request.scepUrl(),
            request.challenge(),
            request.caIdentifier(),
            request.subject(),
            request.keyType(),
            lc.privateKeyRetain(),
            global,
            request.sourceIp());
    CompletableFuture<ScepOutcome> done = new CompletableFuture<>();
    client
        .enroll(enrollment)
        .whenComplete(
            (outcome, error) -> {
              ScepOutcome o =
                  outcome != null
                      ? outcome
                      : new ScepOutcome(
                          request.name(),
                          ScepOutcome.Status.FAILED,
                          false,
                          null,
                          null,
                          null,
                          String.valueOf(error),
                          null,
                          0);
              try {
                if (o.issued()) {
                  persist(vdom, request.name(), o.installed());
                } else {
                  setState(vdom, request.name(), "FAILED");
                }
              } catch (RuntimeException e) {
                o =
                    new ScepOutcome(
                        o.certificate(),
                        ScepOutcome.Status.FAILED,
                        o.renewal(),
                        o.messageType(),
                        o.transactionId(),
                        o.failInfo(),
                        "issued, but not saved to the configuration: " + e.getMessage(),
                        null,
                        o.polls());
              }
              done.complete(o);
            });
    return done;
  }

  // --- CA import ------------------------------------------------------------------------------

  /**
   * {@code execute vpn certificate ca import auto}: GetCACert from {@code url}, the fingerprint
   * checked when given (SHA-256 or SHA-1 of the CA certificate, hex, colons allowed), then the CA
   * certificate imported as the next free {@code CA_Cert_N} into the global store and {@code config
   * vpn certificate ca}. An identical certificate already present is not imported twice. The future
   * completes on the mailbox with the line to print; never exceptionally.
   *
   * @throws IllegalArgumentException for an unusable URL, source IP or fingerprint (nothing sent)
   */
  public CompletableFuture<String> importCa(
      String vdom, String url, String caIdentifier, String sourceIp, String fingerprint) {
    byte[] wanted = fingerprint == null ? null : parseFingerprint(fingerprint);
    ScepUrl parsed = ScepUrl.parse(url);
    int source = sourceIp == null ? Ip4.ANY : Ip4.parse(sourceIp);
    return fetchCaCert(vdom, parsed, caIdentifier, source)
        .handle(
            (cas, error) -> {
              if (error != null) {
                return "CA certificate import failed: " + cause(error).getMessage();
              }
              try {
                X509Certificate ca = cas.ca();
                if (wanted != null && !matches(ca, wanted)) {
                  return "CA certificate import failed: the fingerprint does not match the CA certificate from "
                      + url
                      + " (its SHA-256 is "
                      + cas.fingerprintSha256()
                      + ")";
                }
                return importCaCertificate(vdom, ca);
              } catch (RuntimeException e) {
                return "CA certificate import failed: " + e.getMessage();
              }
            });
  }

  /**
   * GetCACert from {@code url} through the VDOM's SCEP client path (egress, source IP, step
   * timeout), as {@code execute vpn certificate ca import auto} and forticron's CA auto-update do.
   * Completes on the mailbox; exceptionally when the CA cannot be reached or answers badly.
   *
   * @param sourceIp the source address, {@link Ip4#ANY} for the egress interface's
   * @throws IllegalArgumentException for a URL that does not name the CA by address (nothing sent)
   * @throws IllegalStateException when no route leads to the CA
   */
  CompletableFuture<CaCertificates> fetchCaCert(
      String vdom, ScepUrl parsed, String caIdentifier, int sourceIp) {
    ScepClient client = client(vdom);
    ScepContext ctx = client.context();
    int destination;
    try {
      destination = Ip4.parse(parsed.host());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot resolve "
              + parsed.host()
              + ": the simulated network has no DNS, use an IPv4 address");
    }
    Egress egress;
    try {
      egress = ctx.egress().select(vdom, destination, sourceIp);
    } catch (EgressException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    ScepHttpRequest request =
        ScepHttpRequest.getCaCert(parsed, caIdentifier)
            .withEgress(egress)
            .withTimeout(ctx.policy().stepTimeout());
    return ctx.transport()
        .send(request, ctx.debug(), ctx.mailbox())
        .thenApply(
            response -> {
              response.stopConnect();
              try {
                return CaCertificates.parseLenient(response.contentType(), response.body());
              } catch (ScepException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
  }

  static Throwable cause(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /**
   * forticron's CA auto-update found {@code fresh} at the CA: replaces CA certificate {@code name}
   * in its store and its {@code ca} in the configuration (one update).
   */
  void replaceCa(String vdom, String name, X509Certificate fresh) {
    CertificateCaConfig ca =
        caConfig(vdom, name)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "CA certificate " + name + " left the configuration"));
    store(vdom, ca.range()).putCa(new CaCertificate(name, fresh, CertSource.USER, true));
    fw.config()
        .updateEntry(vdom, CA_TABLE, name, Map.of("ca", PemCodec.certificates(List.of(fresh))));
  }

  Optional<CertificateCaConfig> caConfig(String vdom, String name) {
    return fw.config()
        .view()
        .vdom(vdom)
        .flatMap(v -> v.caCertificates().stream().filter(c -> c.name().equals(name)).findFirst());
  }

  /**
   * Imports {@code ca} as the next free CA_Cert_N (global), unless the same certificate is there.
   */
  String importCaCertificate(String vdom, X509Certificate ca) {
    CertStore store = fw.appliance().globalCerts();
    for (CaCertificate known : store.snapshot().caCertificates().values()) {
      if (known.certificate().equals(ca)) {
        mirrorCaCertificates(vdom, store, "global");
        return "CA certificate " + known.name() + " is already imported";
      }
    }
    int n = 1;
    VdomConfig vc = fw.config().view().vdom(vdom).orElseThrow();
    while (store.snapshot().findCa("CA_Cert_" + n).isPresent() || hasCaEntry(vc, "CA_Cert_" + n)) {
      n++;
    }
    String name = "CA_Cert_" + n;
    store.putCa(new CaCertificate(name, ca, CertSource.USER, true));
    importCaEntry(vdom, name, ca, "global");
    return "Imported "
        + name
        + ": "
        + CertificateDetails.name(ca.getSubjectX500Principal().getEncoded());
  }

  private static boolean hasCaEntry(VdomConfig vc, String name) {
    return vc.caCertificates().stream().anyMatch(c -> c.name().equals(name));
  }

  static byte[] parseFingerprint(String text) {
    String hex = text.replace(":", "").strip();
    byte[] b;
    try {
      b = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fingerprint '" + text + "' is not hexadecimal");
    }
    if (b.length != 32 && b.length != 20) {
      throw new IllegalArgumentException(
          "fingerprint '" + text + "' is neither SHA-256 (32 bytes) nor SHA-1 (20 bytes)");
    }
    return b;
  }

  private static boolean matches(X509Certificate cert, byte[] wanted) {
    try {
      String alg = wanted.length == 32 ? "SHA-256" : "SHA-1";
      return java.security.MessageDigest.isEqual(
          java.security.MessageDigest.getInstance(alg).digest(cert.getEncoded()), wanted);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot fingerprint the CA certificate: " + e.getMessage(), e);
    }
  }

  // --- persistence ---------------------------------------------------------------------------

  /**
   * Writes an installed certificate and its key to the entry (one update: old or new pair, never a
   * mix) and mirrors the store's CA certificates into {@code config vpn certificate ca}.
   */
  void persist(String vdom, String name, LocalCertificate installed) {
    CertificateLocalConfig lc =
        localConfig(vdom, name)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "local certificate " + name + " left the configuration"));
    Map<String, String> values = new LinkedHashMap<>();
    String password;
    if (lc.password().isPresent()) {
      password = lc.password().get().reveal();
    } else {
      password = randomPassword();
      values.put("password", Secrets.conceal(password));
    }
    String certificatePem = PemCodec.certificates(installed.chain());
    values.put("certificate", certificatePem);
    String entry = localKey(vdom, name);
    KeySealer sealer = sealers.get(entry);
    if (sealer == null || !sealer.sealsFor(password)) {
      sealer = KeySealer.derive(password);
      sealers.put(entry, sealer);
    }
    String keyPem = sealer.seal(installed.privateKey());
    values.put("private-key", keyPem);
    // The store holds this pair already: the commit below need not parse it back to find out.
    inForce.put(entry, List.of(certificatePem, keyPem));
    values.put("state", "OK");
    fw.config().updateEntry(vdom, LOCAL_TABLE, name, values);
    mirrorCaCertificates(vdom, store(vdom, lc.range()), lc.range());
  }

  /** Adds the store's CA certificates missing from the VDOM's {@code config vpn certificate ca}. */
  void mirrorCaCertificates(String vdom, CertStore store, String range) {
    VdomConfig vc = fw.config().view().vdom(vdom).orElseThrow();
    Set<String> named = new HashSet<>();
    vc.caCertificates().forEach(c -> named.add(c.name()));
    for (CaCertificate ca : store.snapshot().caCertificates().values()) {
      if (!named.contains(ca.name())) {
        importCaEntry(vdom, ca.name(), ca.certificate(), range);
      }
    }
  }

  /** Creates {@code config vpn certificate ca} entry {@code name} holding {@code cert}. */
  void importCaEntry(String vdom, String name, X509Certificate cert, String range) {
    ConfigTree tree = fw.config();
    createEntry(
        tree, vdom, CA_TABLE, name, Map.of("range", "vdom".equals(range) ? "vdom" : "global"));
    tree.updateEntry(vdom, CA_TABLE, name, Map.of("ca", PemCodec.certificates(List.of(cert))));
  }

  private void setState(String vdom, String name, String state) {
    if (localConfig(vdom, name).isPresent()) {
      fw.config().updateEntry(vdom, LOCAL_TABLE, name, Map.of("state", state));
    }
  }

  Optional<CertificateLocalConfig> localConfig(String vdom, String name) {
    return fw.config()
        .view()
        .vdom(vdom)
        .flatMap(
            v -> v.localCertificates().stream().filter(c -> c.name().equals(name)).findFirst());
  }

  /** Creates a table entry through the CLI (validation as typed), in the VDOM when multi-vdom. */
  private static void createEntry(
      ConfigTree tree, String vdom, String table, String name, Map<String, String> sets) {
    StringBuilder script = new StringBuilder();
    boolean multi = tree.multiVdom();
    if (multi) {
      script.append("config vdom\nedit ").append(quote(vdom)).append('\n');
    }
    script.append("config ").append(table).append("\nedit ").append(quote(name)).append('\n');
    sets.forEach(
        (k, v) -> script.append("set ").append(k).append(' ').append(quote(v)).append('\n'));
    script.append("next\nend\n");
    if (multi) {
      script.append("end\n");
    }
    // In multi-vdom mode 'edit <vdom>' answers "current vf=<vdom>:<vfid>": that is no error.
    String out =
        new CliSession(tree).run(script.toString()).replaceAll("(?m)^current vf=\\S+\\R?", "");
    if (!out.isBlank()) {
      throw new IllegalArgumentException(
          "cannot create " + table + " " + name + ": " + out.strip());
    }
  }

  /** The key of a local certificate entry in {@code inForce} and {@code sealers}. */
  private static String localKey(String vdom, String name) {
    return "local:" + vdom + ":" + name;
  }

  private static String randomPassword() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  // --- configuration changes -----------------------------------------------------------------

  /**
   * After boot and each commit: loads certificates of the configuration that the stores do not hold
   * yet (a restarted appliance, a restored file), then gives forticron the certificate set.
   */
  public void configChanged() {
    ApplianceConfig cfg = fw.config().view();
    Map<String, List<String>> loaded = new HashMap<>();
    for (VdomConfig v : cfg.vdoms().values()) {
      if (fw.appliance().vdoms().find(v.name()).isEmpty()) {
        continue;
      }
      for (CertificateCaConfig ca : v.caCertificates()) {
        String key = "ca:" + v.name() + ":" + ca.name();
        List<String> text = List.of(ca.caPem());
        if (unchanged(key, text) || loadCa(v.name(), ca)) {
          loaded.put(key, text);
        }
      }
      for (CertificateLocalConfig lc : v.localCertificates()) {
        String key = localKey(v.name(), lc.name());
        List<String> text = List.of(lc.certificatePem(), lc.privateKeyPem());
        if (unchanged(key, text) || loadLocal(v.name(), lc)) {
          loaded.put(key, text);
        }
      }
    }
    inForce = loaded;
    sealers.keySet().retainAll(loaded.keySet()); // a deleted entry's password goes with it
    try {
      cron.settings(cronSettings(cfg));
      if (cronStarted) {
        cron.update(cronCertificates(cfg));
      } else {
        cronStarted = true;
        cron.restore(cronCertificates(cfg)); // boot: what the saved config held was seen before
      }
    } catch (RuntimeException e) {
      fw.print("fwsim: forticron not updated: " + e.getMessage());
    }
  }

  /**
   * {@code execute date/time}, {@code sim clock set/advance}: forticron re-evaluates its deadlines.
   */
  public void clockChanged() {
    cron.clockChanged();
  }

  /**
   * Whether {@code pem} is the text this entry held when it was last found in force: parsing every
   * certificate again after each commit (one per renewal) cost a renewal storm a tenth of an
   * appliance's CPU. The store is the source of truth between commits, so an unchanged text needs
   * no second look.
   */
  private boolean unchanged(String key, List<String> pems) {
    return pems.equals(inForce.get(key));
  }

  /** Loads a CA entry into its store; true when the entry's certificate is in force afterwards. */
  private boolean loadCa(String vdom, CertificateCaConfig ca) {
    if (ca.caPem().isEmpty()) {
      return false;
    }
    CertStore store = store(vdom, ca.range());
    String key = "ca:" + vdom + ":" + ca.name();
    try {
      X509Certificate cert =
          PemCodec.parseCertificates(ca.caPem(), "CA certificate " + ca.name()).get(0);
      Optional<CaCertificate> have = store.snapshot().findCa(ca.name());
      if (have.isEmpty() || !have.get().certificate().equals(cert)) {
        store.putCa(new CaCertificate(ca.name(), cert, CertSource.USER, true));
      }
      return true;
    } catch (RuntimeException e) {
      refuseOnce(key, "CA certificate " + ca.name() + " not loaded: " + e.getMessage());
      return false;
    }
  }

  /** Loads a local entry into its store; true when the entry's pair is in force afterwards. */
  private boolean loadLocal(String vdom, CertificateLocalConfig lc) {
    if (lc.certificatePem().isEmpty() || lc.privateKeyPem().isEmpty()) {
      return false;
    }
    CertStore store = store(vdom, lc.range());
    String key = localKey(vdom, lc.name());
    try {
      List<X509Certificate> chain =
          PemCodec.parseCertificates(lc.certificatePem(), "local certificate " + lc.name());
      Optional<LocalCertificate> have = store.snapshot().findLocal(lc.name());
      if (have.isPresent()
          && have.get().hasCertificate()
          && have.get().certificate().equals(chain.get(0))) {
        return true; // already in force (the usual case: the store wrote it first)
      }
      Secret password =
          lc.password()
              .orElseThrow(
                  () -> new IllegalArgumentException("no password to decrypt its private key"));
      var privateKey =
          PemCodec.decryptKey(
              lc.privateKeyPem(),
              password.reveal().toCharArray(),
              "local certificate " + lc.name());
      boolean expired =
          !chain.get(0).getNotAfter().toInstant().isAfter(fw.appliance().clock().instant());
      store.putLocal(
          new LocalCertificate(
              lc.name(),
              chain,
              privateKey,
              expired ? CertState.EXPIRED : CertState.OK,
              CertSource.USER,
              fw.appliance().clock().instant()));
      return true;
    } catch (RuntimeException e) {
      refuseOnce(key, "local certificate " + lc.name() + " not loaded: " + e.getMessage());
      return false;
    }
  }

  private void refuseOnce(String key, String message) {
    if (refused == null) {
      refused = new HashSet<>();
    }
    if (refused.add(key + "\n" + message)) {
      fw.print("fwsim: " + message);
    }
  }

  private void markExpired(CronCertificate cert) {
    try {
      CertStore store = store(cert.vdom(), cert.range().cliName());
      store
          .snapshot()
          .findLocal(cert.name())
          .filter(LocalCertificate::hasCertificate)
          .ifPresent(
              c ->
                  store.putLocal(c.withState(CertState.EXPIRED, fw.appliance().clock().instant())));
      if (cert.type() == CronCertificate.Type.LOCAL) {
        setState(cert.vdom(), cert.name(), "EXPIRED");
      }
    } catch (RuntimeException e) {
      fw.print("fwsim: cannot mark " + cert.name() + " expired: " + e.getMessage());
    }
  }

  // --- forticron's view ----------------------------------------------------------------------

  private CronSettings cronSettings(ApplianceConfig cfg) {
    VdomConfig root = cfg.vdom(ConfigTree.ROOT_VDOM).orElse(null);
    int warn =
        root == null
            ? CronSettings.DEFAULTS.certExpireWarningDays()
            : root.certificateSetting().certExpireWarningDays();
    return new CronSettings(warn, timezone(cfg));
  }

  /**
   * The appliance's zone; a value fwsim cannot map is reported once and read as the factory
   * default.
   */
  private ZoneId timezone(ApplianceConfig cfg) {
    try {
      return FortiTimezone.of(cfg.global().timezone());
    } catch (IllegalArgumentException e) {
      refuseOnce(
          "timezone", "forticron: " + e.getMessage() + "; using " + FortiTimezone.DEFAULT_INDEX);
      return FortiTimezone.of(FortiTimezone.DEFAULT_INDEX);
    }
  }

  /**
   * Every local certificate with a certificate in its store, and CA certificates with auto-update.
   */
  List<CronCertificate> cronCertificates(ApplianceConfig cfg) {
    List<CronCertificate> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (VdomConfig v : cfg.vdoms().values()) {
      Vdom hv = fw.appliance().vdoms().find(v.name()).orElse(null);
      if (hv == null) {
        continue;
      }
      for (CertificateLocalConfig lc : v.localCertificates()) {
        boolean global = !"vdom".equals(lc.range());
        CertStore store = global ? fw.appliance().globalCerts() : hv.certStore();
        LocalCertificate c = store.snapshot().findLocal(lc.name()).orElse(null);
        int vfid = global ? 0 : hv.vfid();
        if (c == null || !c.hasCertificate() || !seen.add("local:" + vfid + ":" + lc.name())) {
          continue;
        }
        out.add(
            new CronCertificate(
                lc.name(),
                CronCertificate.Type.LOCAL,
                global ? CronCertificate.Range.GLOBAL : CronCertificate.Range.VDOM,
                v.name(),
                vfid,
                lc.autoRegenerateDays(),
                lc.autoRegenerateDaysWarning(),
                protocol(lc.enrollProtocol()),
                lc.scepUrl(),
                lc.scepPassword().map(Secret::reveal).orElse(""),
                lc.caIdentifier(),
                lc.sourceIp(),
                c.certificate().getNotAfter().toInstant()));
      }
      for (CertificateCaConfig ca : v.caCertificates()) {
        if ((ca.autoUpdateDays() == 0 && ca.autoUpdateDaysWarning() == 0) || ca.caPem().isEmpty()) {
          continue;
        }
        boolean global = !"vdom".equals(ca.range());
        int vfid = global ? 0 : hv.vfid();
        if (!seen.add("ca:" + vfid + ":" + ca.name())) {
          continue;
        }
        X509Certificate cert;
        try {
          cert = PemCodec.parseCertificates(ca.caPem(), "CA certificate " + ca.name()).get(0);
        } catch (IllegalArgumentException e) {
          continue; // reported once by loadCa
        }
        out.add(
            new CronCertificate(
                ca.name(),
                CronCertificate.Type.CA,
                global ? CronCertificate.Range.GLOBAL : CronCertificate.Range.VDOM,
                v.name(),
                vfid,
                ca.autoUpdateDays(),
                ca.autoUpdateDaysWarning(),
                CronCertificate.EnrollProtocol.NONE,
                ca.scepUrl(),
                "",
                ca.caIdentifier(),
                ca.sourceIp(),
                cert.getNotAfter().toInstant()));
      }
    }
    return out;
  }

  private static CronCertificate.EnrollProtocol protocol(String cli) {
    return switch (cli) {
      case "scep" -> CronCertificate.EnrollProtocol.SCEP;
      case "cmpv2" -> CronCertificate.EnrollProtocol.CMPV2;
      case "acme2" -> CronCertificate.EnrollProtocol.ACME2;
      case "est" -> CronCertificate.EnrollProtocol.EST;
      default -> CronCertificate.EnrollProtocol.NONE;
    };
  }

  Firmware firmware() {
    return fw;
  }
}
