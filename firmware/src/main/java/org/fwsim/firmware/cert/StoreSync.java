package org.fwsim.firmware.cert;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fwsim.firmware.cli.Secrets;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.CertificateCaConfig;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.Secret;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.hal.pki.CaCertificate;
import org.fwsim.hal.pki.CertSource;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * The two-way mirror between the certificate stores and {@code config vpn certificate local|ca}.
 *
 * <p><b>Range.</b> A {@code config vpn certificate local} entry lives in the table of the VDOM it
 * was created in (in no-vdom mode: root). {@code range global} (FortiOS's default) installs its
 * certificate and key in the appliance's global store, visible to every VDOM; {@code range vdom} in
 * that VDOM's own store. CA certificates follow the same rule.
 *
 * <p><b>Persistence.</b> An issued or renewed certificate is written back to its entry with one
 * {@link org.fwsim.firmware.cli.ConfigTree#updateEntry} carrying {@code certificate} (PEM chain)
 * and {@code private-key} (PKCS#8 PEM encrypted with the entry's {@code password}; when none is set
 * a random one is generated and stored, ENC, in the same update), so autosave writes either the old
 * pair or the new one. At boot and after every commit, entries whose certificate is not in the
 * store yet are loaded into it.
 *
 * <p>Mailbox only.
 */
final class StoreSync {

  static final String LOCAL_TABLE = "vpn certificate local";
  static final String CA_TABLE = "vpn certificate ca";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CertificatePorts ports;

  /** Certificates the mirror failed to load, by store key, so the console is told once. */
  private Set<String> refused;

  /** Per entry, the PEM texts last found in force in its store (see {@link #unchanged}). */
  private Map<String, List<String>> inForce = new HashMap<>(4);

  /** Per local entry in force, the sealer its key is written back with; see {@link KeySealer}. */
  private final Map<String, Sealing> sealers = new HashMap<>(4);

  /**
   * A sealer and the {@code ENC} text of the password it was derived from: the text tells whether
   * the password changed without decrypting it at every write-back ({@link Secrets#conceal} gives
   * one text per password).
   */
  private record Sealing(String concealed, KeySealer sealer) {}

  StoreSync(CertificatePorts ports) {
    this.ports = ports;
  }

  // --- configuration → stores ----------------------------------------------------------------

  /**
   * Loads certificates of the configuration that the stores do not hold yet (a restarted appliance,
   * a restored file).
   */
  void load(ApplianceConfig cfg) {
    Map<String, List<String>> loaded = new HashMap<>();
    for (VdomConfig v : cfg.vdoms().values()) {
      if (ports.appliance().vdoms().find(v.name()).isEmpty()) {
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
    CertStore store = ports.store(vdom, ca.range());
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
    CertStore store = ports.store(vdom, lc.range());
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
      var now = ports.appliance().clock().instant();
      boolean expired = !chain.get(0).getNotAfter().toInstant().isAfter(now);
      store.putLocal(
          new LocalCertificate(
              lc.name(),
              chain,
              privateKey,
              expired ? CertState.EXPIRED : CertState.OK,
              CertSource.USER,
              now));
      return true;
    } catch (RuntimeException e) {
      refuseOnce(key, "local certificate " + lc.name() + " not loaded: " + e.getMessage());
      return false;
    }
  }

  /** Prints {@code message} on the console, once per key and message. */
  void refuseOnce(String key, String message) {
    if (refused == null) {
      refused = new HashSet<>();
    }
    if (refused.add(key + "\n" + message)) {
      ports.console().print("fwsim: " + message);
    }
  }

  // --- stores → configuration ----------------------------------------------------------------

  /**
   * Writes an installed certificate and its key to the entry (one update: old or new pair, never a
   * mix) and mirrors the store's CA certificates into {@code config vpn certificate ca}.
   */
  void persist(String vdom, String name, LocalCertificate installed) {
    CertificateLocalConfig lc =
        ports
            .localConfig(vdom, name)
            .orElseThrow(() -> leftTheConfiguration("local certificate", name));
    Map<String, String> values = new LinkedHashMap<>();
    String entry = localKey(vdom, name);
    Sealing sealing = sealers.get(entry);
    if (lc.password().isEmpty()) {
      String password = randomPassword();
      String concealed = Secrets.conceal(password);
      values.put("password", concealed);
      sealing = new Sealing(concealed, KeySealer.derive(password));
      sealers.put(entry, sealing);
    } else if (sealing == null || !sealing.concealed().equals(lc.password().get().encrypted())) {
      Secret password = lc.password().get();
      sealing = new Sealing(password.encrypted(), KeySealer.derive(password.reveal()));
      sealers.put(entry, sealing);
    }
    String certificatePem = PemCodec.certificates(installed.chain());
    values.put("certificate", certificatePem);
    String keyPem = sealing.sealer().seal(installed.privateKey());
    values.put("private-key", keyPem);
    // The store holds this pair already: the commit below need not parse it back to find out.
    inForce.put(entry, List.of(certificatePem, keyPem));
    values.put("state", "OK");
    ports.tree().updateEntry(vdom, LOCAL_TABLE, name, values);
    mirrorCaCertificates(vdom, ports.store(vdom, lc.range()), lc.range());
  }

  /** Adds the store's CA certificates missing from the VDOM's {@code config vpn certificate ca}. */
  void mirrorCaCertificates(String vdom, CertStore store, String range) {
    VdomConfig vc = ports.tree().view().vdom(vdom).orElseThrow();
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
    var tree = ports.tree();
    tree.createEntry(
        vdom, CA_TABLE, name, Map.of("range", "vdom".equals(range) ? "vdom" : "global"));
    tree.updateEntry(vdom, CA_TABLE, name, Map.of("ca", PemCodec.certificates(List.of(cert))));
  }

  /**
   * forticron's CA auto-update found {@code fresh} at the CA: replaces CA certificate {@code name}
   * in its store and its {@code ca} in the configuration (one update).
   */
  void replaceCa(String vdom, String name, X509Certificate fresh) {
    CertificateCaConfig ca =
        ports.caConfig(vdom, name).orElseThrow(() -> leftTheConfiguration("CA certificate", name));
    ports.store(vdom, ca.range()).putCa(new CaCertificate(name, fresh, CertSource.USER, true));
    ports
        .tree()
        .updateEntry(vdom, CA_TABLE, name, Map.of("ca", PemCodec.certificates(List.of(fresh))));
  }

  /** Sets {@code state} of a local entry that still exists. */
  void setState(String vdom, String name, String state) {
    if (ports.localConfig(vdom, name).isPresent()) {
      ports.tree().updateEntry(vdom, LOCAL_TABLE, name, Map.of("state", state));
    }
  }

  /** forticron saw the certificate expire: its store entry and its {@code state} say so. */
  void markExpired(CronCertificate cert) {
    try {
      CertStore store = ports.store(cert.vdom(), cert.range().cliName());
      store
          .snapshot()
          .findLocal(cert.name())
          .filter(LocalCertificate::hasCertificate)
          .ifPresent(
              c ->
                  store.putLocal(
                      c.withState(CertState.EXPIRED, ports.appliance().clock().instant())));
      if (cert.type() == CronCertificate.Type.LOCAL) {
        setState(cert.vdom(), cert.name(), "EXPIRED");
      }
    } catch (RuntimeException e) {
      ports.console().print("fwsim: cannot mark " + cert.name() + " expired: " + e.getMessage());
    }
  }

  /** The key of a local certificate entry in {@code inForce} and {@code sealers}. */
  private static String localKey(String vdom, String name) {
    return "local:" + vdom + ":" + name;
  }

  /** A fresh password for an entry's private key. */
  static String randomPassword() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The entry an update is for is no longer in the configuration. */
  private static IllegalStateException leftTheConfiguration(String kind, String name) {
    return new IllegalStateException(kind + " " + name + " left the configuration");
  }
}
