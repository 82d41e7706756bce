package org.fwsim.firmware.cert;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.fwsim.firmware.config.CertificateCaConfig;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.hal.pki.CertSource;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.LocalCertificate;

/**
 * What an {@link EnrollmentProtocol} outside this package works with: the appliance's ports, the
 * entries of {@code config vpn certificate local|ca}, the stores, and the one way to put an issued
 * certificate in force. Mailbox only.
 */
public final class EnrollmentContext {

  private final CertificatePorts ports;
  private final StoreSync sync;
  private final CaImport caImport;

  EnrollmentContext(CertificatePorts ports, StoreSync sync, CaImport caImport) {
    this.ports = ports;
    this.sync = sync;
    this.caImport = caImport;
  }

  /**
   * Imports {@code ca} as the next free {@code CA_Cert_N} into the global store and {@code config
   * vpn certificate ca} (as {@code ca import auto} does), unless the same certificate is there.
   *
   * @return the line to print, naming the entry
   */
  public String importCa(String vdom, X509Certificate ca) {
    return caImport.importCaCertificate(vdom, ca);
  }

  /** The CA certificates {@code vdom} trusts: the global store's, then the VDOM's own. */
  public List<X509Certificate> caBundle(String vdom) {
    List<X509Certificate> out = new java.util.ArrayList<>();
    for (String range : List.of("global", "vdom")) {
      store(vdom, range)
          .snapshot()
          .caCertificates()
          .values()
          .forEach(c -> out.add(c.certificate()));
    }
    return out;
  }

  /** The CA certificate {@code name} ({@code config vpn certificate ca}), global or the VDOM's. */
  public Optional<X509Certificate> caCertificate(String vdom, String name) {
    for (String range : List.of("vdom", "global")) {
      var found = store(vdom, range).snapshot().findCa(name);
      if (found.isPresent()) {
        return Optional.of(found.get().certificate());
      }
    }
    return Optional.empty();
  }

  /** The local certificate {@code name} with its key, global or the VDOM's, if it has one. */
  public Optional<LocalCertificate> localCertificate(String vdom, String name) {
    for (String range : List.of("vdom", "global")) {
      var found =
          store(vdom, range).snapshot().findLocal(name).filter(LocalCertificate::hasCertificate);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The appliance, hypervisor, egress, debug and event log of the subsystem. */
  public CertificatePorts ports() {
    return ports;
  }

  /** The entry {@code name} of {@code vdom}'s {@code config vpn certificate local}, as in force. */
  public Optional<CertificateLocalConfig> localConfig(String vdom, String name) {
    return ports.localConfig(vdom, name);
  }

  /** The entry {@code name} of {@code vdom}'s {@code config vpn certificate ca}, as in force. */
  public Optional<CertificateCaConfig> caConfig(String vdom, String name) {
    return ports.caConfig(vdom, name);
  }

  /** The store a certificate of that range lives in ({@code global} unless {@code vdom}). */
  public CertStore store(String vdom, String range) {
    return ports.store(vdom, range);
  }

  /** The entry's certificate and key in force, if it has a certificate. */
  public Optional<LocalCertificate> current(String vdom, CertificateLocalConfig entry) {
    return ports.current(vdom, entry);
  }

  /**
   * The local certificate forticron asks to renew: its entry and the certificate in force.
   *
   * @throws IllegalStateException when the entry left the configuration or has no certificate
   */
  public RenewedEntry renewed(CronCertificate cert) {
    return ports.renewed(cert);
  }

  /**
   * Puts a verified certificate in force: one atomic replace in the entry's store, then the entry's
   * {@code certificate} and {@code private-key} written back in one configuration update. Until
   * this call the current pair stays in force.
   *
   * @throws IllegalStateException when the entry left the configuration or cannot be written (the
   *     store already holds the new pair)
   */
  public LocalCertificate install(
      String vdom, String name, List<X509Certificate> chain, PrivateKey key) {
    CertificateLocalConfig lc =
        localConfig(vdom, name)
            .orElseThrow(
                () -> new IllegalStateException("local certificate " + name + " left the config"));
    CertStore store = store(vdom, lc.range());
    LocalCertificate installed;
    if (store.snapshot().findLocal(name).isPresent()) {
      installed = store.replaceLocal(name, chain, key);
    } else { // a first enrollment that kept no pending entry in the store
      installed =
          LocalCertificate.of(
              name, chain, key, CertSource.USER, ports.appliance().clock().instant());
      store.putLocal(installed);
    }
    sync.persist(vdom, name, installed);
    return installed;
  }

  /**
   * {@code auto-update-days} of the CA certificate {@code cert}: {@code fresh}, fetched from {@code
   * url}, replaces the one held (store and config) when it differs and expires no earlier. The same
   * one back is a failure ("no newer"), so forticron logs it and backs off rather than asking again
   * at once.
   */
  public RenewOutcome updateCa(CronCertificate cert, String url, X509Certificate fresh) {
    X509Certificate held =
        caConfig(cert.identity().vdom(), cert.name())
            .map(c -> PemCodec.parseCertificates(c.caPem(), "CA certificate " + cert.name()).get(0))
            .orElse(null);
    if (held == null) {
      return RenewOutcome.failure("CA certificate " + cert.name() + " left the configuration");
    }
    if (fresh.equals(held)) {
      return RenewOutcome.failure("no newer CA certificate at " + url);
    }
    if (fresh.getNotAfter().before(held.getNotAfter())) {
      return RenewOutcome.failure(
          "the CA at "
              + url
              + " offers an older certificate (expires "
              + fresh.getNotAfter().toInstant()
              + ")");
    }
    try {
      sync.replaceCa(cert.identity().vdom(), cert.name(), fresh);
    } catch (RuntimeException e) {
      return RenewOutcome.failure(
          "CA certificate " + cert.name() + " not replaced: " + e.getMessage());
    }
    return RenewOutcome.success(fresh.getNotAfter().toInstant());
  }
}
