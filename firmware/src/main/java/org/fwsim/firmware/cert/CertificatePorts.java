package org.fwsim.firmware.cert;

import java.util.Optional;
import java.util.function.Supplier;
import org.fwsim.firmware.cli.CommandWork;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.config.CertificateCaConfig;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.egress.EgressSelector;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.vdom.Vdom;

/**
 * What the certificate subsystem of one appliance works with, handed to {@link CertificateService}
 * by whoever assembles the firmware: each part is a narrow port, so the subsystem does not depend
 * on the firmware that owns it. Every part is required; its one maker, the firmware's assembly,
 * passes parts it has just made, so the record does not check them again.
 *
 * @param appliance its mailbox, clock, VDOMs and certificate stores
 * @param hypervisor scheduler, underlay and key source for SCEP
 * @param config the configuration in force, asked at each use (a restore replaces it)
 * @param egress how SCEP connections choose their interface and source (the egress daemon)
 * @param console work in flight that a scripted console waits for, and asynchronous lines
 * @param debug {@code diagnose debug} traces
 * @param eventLog the appliance's event log
 */
public record CertificatePorts(
    Appliance appliance,
    Hypervisor hypervisor,
    Supplier<ConfigTree> config,
    EgressSelector egress,
    CommandWork console,
    DebugControl debug,
    EventLog eventLog) {

  /** The configuration tree in force now. */
  ConfigTree tree() {
    return config.get();
  }

  /** The store a certificate of that range lives in ({@code global} unless {@code vdom}). */
  CertStore store(String vdom, String range) {
    if (!"vdom".equals(range)) {
      return appliance.globalCerts();
    }
    return appliance
        .vdoms()
        .find(vdom)
        .map(Vdom::certStore)
        .orElseThrow(() -> new IllegalStateException("no VDOM " + vdom));
  }

  Optional<CertificateLocalConfig> localConfig(String vdom, String name) {
    return tree()
        .view()
        .vdom(vdom)
        .flatMap(
            v -> v.localCertificates().stream().filter(c -> c.name().equals(name)).findFirst());
  }

  Optional<CertificateCaConfig> caConfig(String vdom, String name) {
    return tree()
        .view()
        .vdom(vdom)
        .flatMap(v -> v.caCertificates().stream().filter(c -> c.name().equals(name)).findFirst());
  }

  /** The entry's certificate and key in force, if it has a certificate. */
  Optional<LocalCertificate> current(String vdom, CertificateLocalConfig entry) {
    return store(vdom, entry.range())
        .snapshot()
        .findLocal(entry.name())
        .filter(LocalCertificate::hasCertificate);
  }

  /**
   * The local certificate forticron asks to renew: its entry and the certificate in force.
   *
   * @throws IllegalStateException when the entry left the configuration or has no certificate
   */
  RenewedEntry renewed(CronCertificate cert) {
    String name = cert.name();
    CertificateLocalConfig entry =
        localConfig(cert.identity().vdom(), name)
            .orElseThrow(
                () ->
                    new IllegalStateException("local certificate " + name + " is not configured"));
    LocalCertificate current =
        current(cert.identity().vdom(), entry)
            .orElseThrow(
                () ->
                    new IllegalStateException("local certificate " + name + " has no certificate"));
    return new RenewedEntry(entry, current);
  }
}
