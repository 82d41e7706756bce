package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.config.FortiTimezone;
import org.fwsim.firmware.cron.CertificateIdentity;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.CronSettings;
import org.fwsim.firmware.cron.RenewalSettings;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.CertSource;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestCertificates.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The configuration, with what the stores hold, as forticron sees it. */
class CronFeedTest {

  private final Hypervisor hv =
      Hypervisor.builder(SimClock.fastForward(TestCertificates.NOW)).workers(0).build();
  private final Appliance appliance = hv.newAppliance("FGVM01TM26000001", "FGVM01");
  private final ConfigTree tree = new ConfigTree();
  private final List<String> refusals = new ArrayList<>();
  private final CronFeed feed = new CronFeed(appliance, (key, message) -> refusals.add(message));
  private final Issued ca = TestCertificates.rootCa("Feed CA");

  @AfterEach
  void close() {
    hv.close();
  }

  private void configure(String script) {
    String out = new CliSession(tree).run(script);
    assertEquals("", out.strip(), "the test's configuration was refused");
  }

  private Issued installLocal(String name) {
    Issued leaf = TestCertificates.leaf(name, ca);
    appliance
        .globalCerts()
        .putLocal(
            new LocalCertificate(
                name,
                List.of(leaf.certificate()),
                leaf.privateKey(),
                CertState.OK,
                CertSource.USER,
                TestCertificates.NOW));
    return leaf;
  }

  @Test
  void aLocalCertificateInItsStoreCarriesItsRenewalSettings() {
    configure(
        """
        config vpn certificate local
        edit c1
        set enroll-protocol scep
        set scep-url "http://10.5.149.111/scep"
        set scep-password "challenge"
        set ca-identifier "fwsim"
        set source-ip 192.168.1.99
        set auto-regenerate-days 10
        set auto-regenerate-days-warning 3
        next
        edit not-issued-yet
        next
        end""");
    Issued c1 = installLocal("c1");

    List<CronCertificate> fed = feed.certificates(tree.view());

    Instant notAfter = c1.certificate().getNotAfter().toInstant();
    CronCertificate expected =
        new CronCertificate(
            new CertificateIdentity(
                "c1", CertificateIdentity.Type.LOCAL, CertificateIdentity.Range.GLOBAL, "root", 0),
            new RenewalSettings(
                10,
                3,
                EnrollProtocol.SCEP,
                "http://10.5.149.111/scep",
                "challenge",
                "fwsim",
                Ip4.parse("192.168.1.99")),
            notAfter);
    assertEquals(List.of(expected), fed, "an entry without a certificate in its store is left out");
  }

  @Test
  void aLocalCertificateRenewedOverEstCarriesItsEstServerNotItsScepUrl() {
    configure(
        """
        config vpn certificate local
        edit e1
        set enroll-protocol est
        set est-server "https://10.5.149.112:8443"
        set scep-url "http://10.5.149.111/scep"
        set auto-regenerate-days 10
        next
        end""");
    assertRenewedOnlyBy("e1", EnrollProtocol.EST, "https://10.5.149.112:8443");
  }

  @Test
  void aLocalCertificateRenewedOverCmpCarriesItsCmpServerNotItsScepUrl() {
    configure(
        """
        config vpn certificate local
        edit m1
        set enroll-protocol cmpv2
        set cmp-server "10.5.149.113:8080"
        set cmp-path "pkix/"
        set scep-url "http://10.5.149.111/scep"
        set auto-regenerate-days 10
        next
        end""");
    assertRenewedOnlyBy("m1", EnrollProtocol.CMPV2, "http://10.5.149.113:8080/pkix/");
  }

  /** Installs local entry {@code name}, the only one configured, and checks how it is fed. */
  private void assertRenewedOnlyBy(String name, EnrollProtocol protocol, String serverUrl) {
    installLocal(name);

    List<CronCertificate> fed = feed.certificates(tree.view());

    assertEquals(1, fed.size(), fed.toString());
    assertEquals(protocol, fed.get(0).renewalProtocol());
    assertEquals(serverUrl, fed.get(0).renewal().serverUrl());
  }

  @Test
  void aCaCertificateIsFedOnlyWithAutoUpdate() {
    configure(
        """
        config vpn certificate ca
        edit CA_Cert_1
        set auto-update-days 5
        set scep-url "http://10.5.149.111/scep"
        next
        edit CA_Cert_2
        next
        end""");
    String pem = PemCodec.certificates(List.of(ca.certificate()));
    tree.updateEntry("root", "vpn certificate ca", "CA_Cert_1", Map.of("ca", pem));
    tree.updateEntry("root", "vpn certificate ca", "CA_Cert_2", Map.of("ca", pem));

    List<CronCertificate> fed = feed.certificates(tree.view());

    assertEquals(1, fed.size(), fed.toString());
    CronCertificate c = fed.get(0);
    assertEquals("CA_Cert_1", c.name());
    assertEquals(CertificateIdentity.Type.CA, c.identity().type());
    assertEquals(5, c.renewal().days());
    assertEquals(ca.certificate().getNotAfter().toInstant(), c.notAfter());
  }

  @Test
  void settingsComeFromTheRootSettingAndTheApplianceZone() {
    configure("config vpn certificate setting\nset cert-expire-warning 30\nend");
    CronSettings settings = feed.settings(tree.view());
    assertEquals(30, settings.certExpireWarningDays());
    assertEquals(FortiTimezone.of(FortiTimezone.DEFAULT_INDEX), settings.timezone());
    assertEquals(List.of(), refusals);
  }
}
