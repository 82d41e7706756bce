package org.fwsim.firmware.cert;

import java.security.cert.X509Certificate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.config.ApplianceConfig;
import org.fwsim.firmware.config.CertificateCaConfig;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.config.FortiTimezone;
import org.fwsim.firmware.config.Secret;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.cron.CertificateIdentity;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.CronSettings;
import org.fwsim.firmware.cron.RenewalSettings;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.vdom.Vdom;

/**
 * forticron's view of the configuration: the conversion of {@code config vpn certificate local|ca},
 * {@code setting} and {@code system global timezone} (with what the stores hold) into {@link
 * CronCertificate}s and {@link CronSettings}.
 */
final class CronFeed {

  private final Appliance appliance;

  /** Tells the console once about a value that cannot be used: key, message. */
  private final BiConsumer<String, String> refuseOnce;

  /**
   * Per local certificate ({@code seen}'s key), what it was last converted from and into: after a
   * renewal's write-back only the renewed entry is converted again (each conversion reveals its
   * SCEP password).
   */
  private final Map<String, Fed> fed = new HashMap<>(4);

  /** A local certificate's entry, VDOM and store entry, and what forticron was given for them. */
  private record Fed(
      String vdom, CertificateLocalConfig entry, LocalCertificate stored, CronCertificate cron) {

    boolean convertedFrom(String vdom, CertificateLocalConfig entry, LocalCertificate stored) {
      return stored == this.stored && vdom.equals(this.vdom) && entry.equals(this.entry);
    }
  }

  CronFeed(Appliance appliance, BiConsumer<String, String> refuseOnce) {
    this.appliance = appliance;
    this.refuseOnce = refuseOnce;
  }

  /** {@code cert-expire-warning} of the root VDOM's setting, and the appliance's zone. */
  CronSettings settings(ApplianceConfig cfg) {
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
      refuseOnce.accept(
          "timezone", "forticron: " + e.getMessage() + "; using " + FortiTimezone.DEFAULT_INDEX);
      return FortiTimezone.of(FortiTimezone.DEFAULT_INDEX);
    }
  }

  /**
   * Every local certificate with a certificate in its store, and CA certificates with auto-update.
   */
  List<CronCertificate> certificates(ApplianceConfig cfg) {
    List<CronCertificate> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (VdomConfig v : cfg.vdoms().values()) {
      Vdom hv = appliance.vdoms().find(v.name()).orElse(null);
      if (hv == null) {
        continue;
      }
      for (CertificateLocalConfig lc : v.localCertificates()) {
        boolean global = !"vdom".equals(lc.range());
        CertStore store = global ? appliance.globalCerts() : hv.certStore();
        LocalCertificate c = store.snapshot().findLocal(lc.name()).orElse(null);
        int vfid = global ? 0 : hv.vfid();
        String key = "local:" + vfid + ":" + lc.name();
        if (c == null || !c.hasCertificate() || !seen.add(key)) {
          continue;
        }
        Fed before = fed.get(key);
        if (before == null || !before.convertedFrom(v.name(), lc, c)) {
          before = new Fed(v.name(), lc, c, local(v, lc, global, vfid, c));
          fed.put(key, before);
        }
        out.add(before.cron());
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
          continue; // reported once by the store mirror
        }
        out.add(ca(v, ca, global, vfid, cert));
      }
    }
    fed.keySet().retainAll(seen); // deleted entries and certificates are forgotten
    return out;
  }

  private static CronCertificate local(
      VdomConfig v, CertificateLocalConfig lc, boolean global, int vfid, LocalCertificate c) {
    RenewalSettings renewal =
        new RenewalSettings(
            lc.autoRegenerateDays(),
            lc.autoRegenerateDaysWarning(),
            lc.enrollProtocol(),
            serverUrl(lc),
            lc.scepPassword().map(Secret::reveal).orElse(""),
            lc.caIdentifier(),
            lc.sourceIp());
    return new CronCertificate(
        identity(lc.name(), CertificateIdentity.Type.LOCAL, global, v, vfid),
        renewal,
        c.certificate().getNotAfter().toInstant());
  }

  /** The server of the protocol that renews {@code lc}, which forticron's diagnose names. */
  private static String serverUrl(CertificateLocalConfig lc) {
    return switch (lc.enrollProtocol()) {
      case EST -> lc.est().server();
      case CMPV2 -> lc.cmp().url();
      default -> lc.scepUrl();
    };
  }

  private static CronCertificate ca(
      VdomConfig v, CertificateCaConfig ca, boolean global, int vfid, X509Certificate cert) {
    // est-url updates the CA over EST (/cacerts) when no scep-url is set; the URL is the server's,
    // as ACME's acme-ca-url is for a local certificate. A CA certificate has no challenge password.
    boolean overEst = updateOverEst(ca);
    RenewalSettings renewal =
        new RenewalSettings(
            ca.autoUpdateDays(),
            ca.autoUpdateDaysWarning(),
            overEst ? EnrollProtocol.EST : EnrollProtocol.NONE,
            overEst ? ca.estUrl() : ca.scepUrl(),
            "",
            ca.caIdentifier(),
            ca.sourceIp());
    return new CronCertificate(
        identity(ca.name(), CertificateIdentity.Type.CA, global, v, vfid),
        renewal,
        cert.getNotAfter().toInstant());
  }

  private static CertificateIdentity identity(
      String name, CertificateIdentity.Type type, boolean global, VdomConfig v, int vfid) {
    return new CertificateIdentity(
        name,
        type,
        global ? CertificateIdentity.Range.GLOBAL : CertificateIdentity.Range.VDOM,
        v.name(),
        vfid);
  }

  private static boolean updateOverEst(CertificateCaConfig ca) {
    return ca.scepUrl().isEmpty() && ca.estUrl() != null && !ca.estUrl().isEmpty();
  }
}
