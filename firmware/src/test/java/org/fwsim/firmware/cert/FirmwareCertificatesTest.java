package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.scep.client.TestScepResponder;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.firmware.scep.message.InboundRequest;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate wiring of {@link Firmware} through its CLI, on a 0-worker hypervisor with a test
 * CA on loopback at the simulated address 10.5.149.111: generate, details, config persistence,
 * restart from the saved file, failed enrollment, CA import with a fingerprint.
 */
class FirmwareCertificatesTest {

  private static final String URL = "http://10.5.149.111/app/cert/scep/";

  /** FAC_SCEP renews 7 days before notAfter and warns from 14 days before. */
  private static final String RENEW_7_WARN_14 =
      "config vpn certificate local\n edit FAC_SCEP\n set auto-regenerate-days 7\n"
          + " set auto-regenerate-days-warning 14\n next\nend\n";

  private static final String GENERATE =
      "execute vpn certificate local generate rsa FAC_SCEP 2048 myvpn NL NH"
          + " Amsterdam Fortinet \"\" admin@example.com \"\" "
          + URL
          + " secret";

  @TempDir Path dir;

  private CaLab lab;
  private Hypervisor hv;
  private TestScepResponder ca;
  private final CommandRegistry commands = FirmwareCommands.newRegistry();

  @BeforeEach
  void start() throws Exception {
    lab = CaLab.start();
    hv = lab.hv();
    ca = lab.ca();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void generateEnrollsPersistsShowsDetailsAndSurvivesARestart() throws Exception {
    Path file = dir.resolve("fgt.conf");
    Firmware fw = bootWithAutosave("FGT-1", file);
    StringBuilder console = consoleOf(fw);
    MailboxCli cli = new MailboxCli(fw);

    String out = cli.execute(GENERATE);
    assertEquals("Certificate FAC_SCEP: enrolling with SCEP server " + URL + "\n", out);
    settle(fw);

    CertificateLocalConfig lc =
        on(fw, () -> fw.config().view().vdom("root").orElseThrow().localCertificates().get(0));
    assertTrue(
        console
            .toString()
            .startsWith(
                "Certificate FAC_SCEP: enrolled, serial 65, valid to 2027-11-23 12:00:00  GMT"),
        console.toString());
    assertEquals("OK", lc.state());
    assertEquals(org.fwsim.firmware.config.EnrollProtocol.SCEP, lc.enrollProtocol());
    assertEquals(URL, lc.scepUrl());
    assertEquals("secret", lc.scepPassword().orElseThrow().reveal());
    assertEquals("global", lc.range());
    assertTrue(lc.certificatePem().startsWith("-----BEGIN CERTIFICATE-----"), lc.certificatePem());
    assertTrue(
        lc.privateKeyPem().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), lc.privateKeyPem());
    LocalCertificate installed = facScep(fw);
    assertEquals(CertState.OK, installed.state());
    assertEquals(
        "CA_Cert_1",
        on(fw, () -> fw.config().view().vdom("root").orElseThrow().caCertificates().get(0).name()));

    String details = cli.execute("get vpn certificate local details FAC_SCEP");
    X509Certificate leaf = installed.certificate();
    assertTrue(
        details.startsWith(
            "== [ FAC_SCEP ]\nName:        FAC_SCEP\n"
                + "Subject:     C = NL, ST = NH, L = Amsterdam, O = Fortinet, CN = myvpn, emailAddress = admin@example.com\n"
                + "Issuer:      CN = FAC\n"),
        details);
    assertTrue(
        details.contains(
            "Serial Num:  "
                + HexFormat.ofDelimiter(":").formatHex(leaf.getSerialNumber().toByteArray())
                + "\n"),
        details);
    assertTrue(details.contains("Valid to:    2027-11-23 12:00:00  GMT\n"), details);
    assertTrue(details.contains("State:       OK\n"), details);
    String show = cli.execute("show vpn certificate local FAC_SCEP");
    assertTrue(show.contains("set password ENC "), show);
    assertTrue(show.contains("set private-key \"-----BEGIN ENCRYPTED PRIVATE KEY-----"), show);

    // Restart: a new appliance booted from the autosaved file has the same certificate and key.
    ConfigTree restored = restore(file);
    Firmware again = boot("FGT-1", restored);
    LocalCertificate back = facScep(again);
    assertEquals(leaf, back.certificate());
    assertEquals(installed.privateKey(), back.privateKey());
    assertTrue(again.appliance().globalCerts().snapshot().findCa("CA_Cert_1").isPresent());
    assertEquals(1, on(again, () -> again.certificates().forticron().certificateCount()));

    // A second generate with the same name is refused; the certificate is untouched.
    String twice = cli.execute(GENERATE);
    assertTrue(twice.contains("already exists"), twice);
    assertEquals(leaf, facScep(fw).certificate());
  }

  @Test
  void generateEcEnrollsAnEcCertificateThatSurvivesARestartAndABadCurveIsRefused()
      throws Exception {
    Path file = dir.resolve("fgt7.conf");
    Firmware fw = bootWithAutosave("FGT-7", file);
    StringBuilder console = consoleOf(fw);
    MailboxCli cli = new MailboxCli(fw);

    String bad =
        cli.execute(
            "execute vpn certificate local generate ec EC_BAD secp999r1 myvpn NL NH"
                + " Amsterdam Fortinet \"\" \"\" \"\" "
                + URL
                + " secret");
    assertEquals(
        "unsupported EC curve 'secp999r1' (secp256r1, secp384r1 or secp521r1)\n"
            + "Command fail. Return code -61\n",
        bad);
    assertTrue(
        on(fw, () -> fw.config().view().vdom("root").orElseThrow().localCertificates().isEmpty()));

    String out =
        cli.execute(
            "execute vpn certificate local generate ec FAC_EC secp384r1 myvpn NL NH"
                + " Amsterdam Fortinet \"\" admin@example.com \"\" "
                + URL
                + " secret");
    assertEquals("Certificate FAC_EC: enrolling with SCEP server " + URL + "\n", out);
    settle(fw);
    assertTrue(
        console.toString().startsWith("Certificate FAC_EC: enrolled, serial "), console.toString());
    LocalCertificate installed =
        fw.appliance().globalCerts().snapshot().findLocal("FAC_EC").orElseThrow();
    assertEquals(
        org.fwsim.hal.pki.KeyType.EC_P384,
        org.fwsim.hal.pki.KeyType.of(installed.certificate().getPublicKey()));
    installed.certificate().verify(ca.caCert.getPublicKey());
    InboundRequest sent = ca.pkiRequests().get(0);
    assertEquals(
        "EC", sent.header().signer().getPublicKey().getAlgorithm(), "signed with its own EC key");
    String details = cli.execute("get vpn certificate local details FAC_EC");
    assertTrue(details.contains("Key type:    EC (secp384r1)\n"), details);
    assertTrue(details.contains("State:       OK\n"), details);

    ConfigTree restored = restore(file);
    Firmware again = boot("FGT-8", restored);
    LocalCertificate back =
        again.appliance().globalCerts().snapshot().findLocal("FAC_EC").orElseThrow();
    assertEquals(installed.certificate(), back.certificate());
    assertEquals(installed.privateKey(), back.privateKey());
  }

  @Test
  void aRefusedEnrollmentLeavesTheEntryFailedAndSaysWhy() throws Exception {
    Firmware fw = boot("FGT-2", Firmware.labDefault("FGT-2"));
    ca.pki =
        (request, responder) ->
            responder.codec.failure(request.header(), FailInfo.BAD_REQUEST, "wrong challenge");
    StringBuilder console = consoleOf(fw);
    MailboxCli cli = new MailboxCli(fw);
    cli.execute(GENERATE);
    settle(fw);
    assertTrue(
        console.toString().contains("Certificate FAC_SCEP: SCEP enrollment failed:"),
        console.toString());
    assertEquals(
        "FAILED",
        on(
            fw,
            () ->
                fw.config().view().vdom("root").orElseThrow().localCertificates().get(0).state()));
    String details = cli.execute("get vpn certificate local details");
    assertTrue(details.contains("State:       FAILED\n"), details);

    // An unusable URL is refused before anything is created.
    String ftp =
        cli.execute(
            "execute vpn certificate local generate rsa BAD 2048 bad NL NH"
                + " Amsterdam Fortinet \"\" \"\" \"\" ftp://10.5.149.111/scep secret");
    assertTrue(ftp.startsWith("scep-url scheme must be http"), ftp);
    assertEquals(
        1, on(fw, () -> fw.config().view().vdom("root").orElseThrow().localCertificates().size()));
    assertFalse(details.contains("Serial Num:"), details);
  }

  /**
   * {@code source-ip} (the generate command's 13th argument) takes part in the egress selection: a
   * source no interface of the VDOM owns is refused before anything is sent.
   */
  @Test
  void generateWithASourceIpTheVdomDoesNotOwnFailsNamingTheSource() throws Exception {
    Firmware fw = boot("FGT-7", Firmware.labDefault("FGT-7"));
    StringBuilder console = consoleOf(fw);
    MailboxCli cli = new MailboxCli(fw);

    String out = cli.execute(GENERATE + " 10.99.99.99");
    assertEquals("Certificate FAC_SCEP: enrolling with SCEP server " + URL + "\n", out);
    settle(fw);

    assertTrue(
        console
            .toString()
            .contains(
                "Certificate FAC_SCEP: SCEP enrollment failed: source-ip 10.99.99.99 is not an"
                    + " address of any interface in VDOM root"),
        console.toString());
    assertEquals(
        "10.99.99.99",
        org.fwsim.hal.net.Ip4.toString(
            on(
                fw,
                () ->
                    fw.config()
                        .view()
                        .vdom("root")
                        .orElseThrow()
                        .localCertificates()
                        .get(0)
                        .sourceIp())));
    assertTrue(ca.pkiRequests().isEmpty(), "nothing reaches the CA");
  }

  /**
   * With {@code interface-select-method sdwan} and two alive members, the implicit rule's {@code
   * source-ip-based} load balancing hashes the certificate's {@code source-ip}: 192.168.2.99 goes
   * out of member 2 (port2), where an unset source would take member 1. forticron's bind line shows
   * the device and the configured source.
   */
  @Test
  void generateWithASourceIpSteersSdwanLoadBalancing() throws Exception {
    Firmware fw = boot("FGT-8", Firmware.labDefault("FGT-8"));
    StringBuilder console = consoleOf(fw);
    MailboxCli cli = new MailboxCli(fw);
    String config =
        cli.run(
            """
                    config system sdwan
                    set status enable
                    config members
                    edit 1
                    set interface port1
                    set gateway 192.168.1.1
                    next
                    edit 2
                    set interface port2
                    set gateway 192.168.2.1
                    next
                    end
                    end
                    config vpn certificate setting
                    set interface-select-method sdwan
                    end
                    diagnose debug application forticron -1
                    diagnose debug enable
                    """);
    assertFalse(config.contains("fail"), config);

    cli.execute(GENERATE + " 192.168.2.99");
    settle(fw);

    int port2 = fw.appliance().ifindex("port2");
    assertTrue(
        console
            .toString()
            .contains("bind to interface " + port2 + " for 192.168.2.99->10.5.149.111."),
        console.toString());
    assertTrue(console.toString().contains("Certificate FAC_SCEP: enrolled"), console.toString());
  }

  @Test
  void caImportAutoChecksTheFingerprint() throws Exception {
    Firmware fw = boot("FGT-3", Firmware.labDefault("FGT-3"));
    StringBuilder console = consoleOf(fw);
    MailboxCli cli = new MailboxCli(fw);
    cli.execute("execute vpn certificate ca import auto " + URL + " \"\" \"\" 00:11");
    assertTrue(console.isEmpty());
    String wrong = "AA".repeat(32);
    cli.execute("execute vpn certificate ca import auto " + URL + " \"\" \"\" " + wrong);
    settle(fw);
    assertTrue(console.toString().contains("the fingerprint does not match"), console.toString());
    assertTrue(fw.appliance().globalCerts().snapshot().caCertificates().isEmpty());

    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(ca.caCert.getEncoded());
    String good = HexFormat.ofDelimiter(":").formatHex(sha1);
    cli.execute("execute vpn certificate ca import auto " + URL + " \"\" \"\" " + good);
    settle(fw);
    assertTrue(console.toString().contains("Imported CA_Cert_1: CN = FAC"), console.toString());
    assertEquals(
        ca.caCert,
        fw.appliance().globalCerts().snapshot().findCa("CA_Cert_1").orElseThrow().certificate());
    assertTrue(
        on(fw, () -> fw.config().view().vdom("root").orElseThrow().caCertificates().get(0).caPem())
            .startsWith("-----BEGIN CERTIFICATE-----"));
  }

  /**
   * A process killed at any moment leaves the last saved file (saves are write, fsync, atomic
   * rename), so every version of the file a renewal writes must pair each certificate with its own
   * key: the old pair or the new one, never a mix.
   */
  @Test
  void everySavedVersionDuringARenewalPairsTheCertificateWithItsOwnKey() throws Exception {
    Path file = dir.resolve("fgt4.conf");
    Firmware fw = enrolledWithAutosave("FGT-4", file);
    MailboxCli cli = new MailboxCli(fw);
    cli.run(RENEW_7_WARN_14);
    X509Certificate first = facScep(fw).certificate();

    // Registered after the firmware's own listener, which saves: this one reads every save.
    java.util.Set<java.math.BigInteger> serialsSaved =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.List<String> mixed = new java.util.concurrent.CopyOnWriteArrayList<>();
    on(
        fw,
        () -> {
          fw.config()
              .addListener(
                  change -> {
                    try {
                      serialsSaved.add(checkSavedPair(file));
                    } catch (Throwable t) {
                      mixed.add(String.valueOf(t.getMessage()));
                    }
                  });
          return null;
        });
    serialsSaved.add(checkSavedPair(file));
    hv.clock()
        .set(first.getNotAfter().toInstant().minus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
    clockChanged(fw);
    driveUntil(fw, () -> !facScep(fw).certificate().equals(first), "no renewal within 30 s");
    settle(fw);
    serialsSaved.add(checkSavedPair(file));
    X509Certificate renewed = facScep(fw).certificate();
    assertTrue(
        serialsSaved.contains(first.getSerialNumber()), "the old pair was saved: " + serialsSaved);
    assertTrue(
        serialsSaved.contains(renewed.getSerialNumber()),
        "the new pair was saved: " + serialsSaved);
    assertEquals(java.util.List.of(), mixed);
  }

  /**
   * {@code config system global} {@code timezone} sets the zone of forticron's local times; an
   * appliance restarted from its saved file after the warning does not warn again.
   */
  @Test
  void timezoneDrivesWarningTimeAndARestartDoesNotWarnAgain() throws Exception {
    Path file = dir.resolve("fgt5.conf");
    Firmware fw = enrolledWithAutosave("FGT-5", file);
    MailboxCli cli = new MailboxCli(fw);
    cli.run(RENEW_7_WARN_14 + "config system global\n set timezone 12\nend\n");
    // notAfter 2027-11-23 12:00:00 GMT; the warning point 14 days before is 07:00 in New York
    // (EST).
    hv.clock().set(java.time.Instant.parse("2027-11-09T12:00:00Z"));
    clockChanged(fw);
    settle(fw);
    String warned = "warning_logged=1\n\tscep=" + URL + "\n\twarning_time=2027-11-09 07:00:00\n";
    String diag = cli.execute("diagnose test application forticron 2");
    assertTrue(diag.contains(warned), diag);
    assertEquals(1, warnings(fw));

    ConfigTree restored = restore(file);
    hv.clock().set(java.time.Instant.parse("2027-11-10T12:00:00Z"));
    Firmware again = boot("FGT-5", restored);
    settle(again);
    CliSession cli2 = on(again, again::newSession);
    String after = on(again, () -> cli2.execute("diagnose test application forticron 2"));
    assertTrue(after.contains(warned), "warned before the restart, at the warning point: " + after);
    assertEquals(0, warnings(again), "no second 22200 after the restart");
  }

  /**
   * A listener added to forticron (as the storm adds its own) hears beside the firmware's, which
   * still marks the certificate EXPIRED in the store and the configuration at its notAfter.
   */
  @Test
  void anAddedForticronListenerHearsBesideTheFirmwaresOwn() throws Exception {
    Firmware fw = enrolledWithAutosave("FGT-7", dir.resolve("fgt7.conf"));
    MailboxCli cli = new MailboxCli(fw);
    cli.run(
        "config vpn certificate local\n edit FAC_SCEP\n set auto-regenerate-days 0\n"
            + " next\nend\n");
    java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    on(
        fw,
        () -> {
          fw.certificates()
              .forticron()
              .addListener(
                  new org.fwsim.firmware.cron.CronListener() {
                    @Override
                    public void expired(org.fwsim.firmware.cron.CronCertificate cert) {
                      heard.add("expired " + cert.name());
                    }
                  });
          return null;
        });

    hv.clock().set(java.time.Instant.parse("2027-11-23T12:00:01Z")); // notAfter 12:00:00
    clockChanged(fw);
    driveUntil(fw, () -> !heard.isEmpty(), "the added listener heard nothing");

    assertEquals(java.util.List.of("expired FAC_SCEP"), heard);
    assertEquals(
        CertState.EXPIRED,
        facScep(fw).state(),
        "the firmware's own listener still marks the store");
    assertEquals(
        "EXPIRED",
        on(
            fw,
            () ->
                fw.config().view().vdom("root").orElseThrow().localCertificates().get(0).state()));
  }

  /**
   * {@code auto-update-days} on a CA certificate: at the update point GetCACert from its {@code
   * scep-url}; the same certificate back is logged (41990) and backed off, a newer one replaces it
   * in the store and the configuration (41987).
   */
  @Test
  void caAutoUpdateFetchesTheCaCertificateAndReplacesItWhenNewer() throws Exception {
    Firmware fw = boot("FGT-6", Firmware.labDefault("FGT-6"));
    MailboxCli cli = new MailboxCli(fw);
    String sha1 =
        HexFormat.ofDelimiter(":")
            .formatHex(MessageDigest.getInstance("SHA-1").digest(ca.caCert.getEncoded()));
    cli.execute("execute vpn certificate ca import auto " + URL + " \"\" \"\" " + sha1);
    settle(fw);
    cli.run(
        "config vpn certificate ca\n edit CA_Cert_1\n set scep-url "
            + URL
            + "\n set auto-update-days 5\n next\nend\n");
    assertEquals(1, on(fw, () -> fw.certificates().forticron().certificateCount()));

    // The CA certificate expires 2027-11-23 12:00 GMT: the update point is 5 days before.
    hv.clock().set(java.time.Instant.parse("2027-11-18T12:00:00Z"));
    clockChanged(fw);
    settle(fw);
    java.util.List<org.fwsim.firmware.log.LogEntry> failed =
        logs(fw, org.fwsim.firmware.log.LogId.VPN_CERT_UPDATE_FAILED);
    assertEquals(1, failed.size(), "same certificate back: " + failed);
    assertTrue(
        failed.get(0).field("reason").contains("no newer CA certificate"),
        failed.get(0).field("reason"));
    assertEquals(
        java.util.List.of(),
        logs(fw, org.fwsim.firmware.log.LogId.AUTO_GEN_CERT_FAIL),
        "a CA update is not an auto-generate");
    assertEquals(
        ca.caCert,
        fw.appliance().globalCerts().snapshot().findCa("CA_Cert_1").orElseThrow().certificate());
    assertEquals(
        2L,
        ca.seen.stream().filter(x -> x.op() == TestScepResponder.Op.CA_CERT).count(),
        "one GetCACert for the import, one for the update, no more");

    // The CA rolls over to a certificate valid longer (same key and name); the retry finds it.
    X509Certificate newer =
        new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
            .getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                        ca.caCert.getSubjectX500Principal(),
                        java.math.BigInteger.TWO,
                        java.util.Date.from(TestCertificates.NOW),
                        java.util.Date.from(TestCertificates.NOW.plus(Duration.ofDays(800))),
                        ca.caCert.getSubjectX500Principal(),
                        ca.caCert.getPublicKey())
                    .addExtension(
                        org.bouncycastle.asn1.x509.Extension.basicConstraints,
                        true,
                        new org.bouncycastle.asn1.x509.BasicConstraints(true))
                    .build(
                        new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                                "SHA256withRSA")
                            .build(ca.key())));
    byte[] der = newer.getEncoded();
    ca.raw =
        op ->
            op == TestScepResponder.Op.CA_CERT
                ? TestScepResponder.reply(200, "application/x-x509-ca-cert", der)
                : null;
    driveUntil(
        fw,
        () ->
            fw.appliance()
                .globalCerts()
                .snapshot()
                .findCa("CA_Cert_1")
                .orElseThrow()
                .certificate()
                .equals(newer),
        "no CA update within 30 s");
    settle(fw);
    assertEquals(1, logs(fw, org.fwsim.firmware.log.LogId.VPN_CERT_UPDATE).size());
    String pem =
        on(fw, () -> fw.config().view().vdom("root").orElseThrow().caCertificates().get(0).caPem());
    assertEquals(newer, org.fwsim.firmware.cert.PemCodec.parseCertificates(pem, "saved").get(0));
    assertEquals(1, on(fw, () -> fw.certificates().forticron().totalUpdates()));
  }

  private java.util.List<org.fwsim.firmware.log.LogEntry> logs(
      Firmware fw, org.fwsim.firmware.log.LogId id) throws Exception {
    return on(fw, () -> fw.eventLog().entries().stream().filter(e -> e.id() == id).toList());
  }

  private int warnings(Firmware fw) throws Exception {
    return on(
        fw,
        () ->
            (int)
                fw.eventLog().entries().stream()
                    .filter(e -> e.id() == org.fwsim.firmware.log.LogId.AUTO_UPT_CERT)
                    .count());
  }

  /** Loads the saved file as a restart would and checks its certificate and key belong together. */
  private static java.math.BigInteger checkSavedPair(Path file) throws Exception {
    ConfigTree saved = new ConfigTree();
    try (Reader r = Files.newBufferedReader(file)) {
      ConfigFiles.load(saved, r);
    }
    CertificateLocalConfig lc = saved.view().vdom("root").orElseThrow().localCertificates().get(0);
    X509Certificate cert =
        org.fwsim.firmware.cert.PemCodec.parseCertificates(lc.certificatePem(), "saved").get(0);
    java.security.PrivateKey key =
        org.fwsim.firmware.cert.PemCodec.decryptKey(
            lc.privateKeyPem(), lc.password().orElseThrow().reveal().toCharArray(), "saved");
    assertEquals(
        ((java.security.interfaces.RSAPublicKey) cert.getPublicKey()).getModulus(),
        ((java.security.interfaces.RSAPrivateKey) key).getModulus(),
        "saved certificate " + cert.getSerialNumber() + " with another certificate's key");
    return cert.getSerialNumber();
  }

  /** The FAC_SCEP certificate in the appliance's global store. */
  private static LocalCertificate facScep(Firmware fw) {
    return fw.appliance().globalCerts().snapshot().findLocal("FAC_SCEP").orElseThrow();
  }

  /** Tells the certificate service, on the appliance's thread, that the clock jumped. */
  private void clockChanged(Firmware fw) throws Exception {
    on(
        fw,
        () -> {
          fw.certificates().clockChanged();
          return null;
        });
  }

  private Firmware boot(String host, ConfigTree config) throws Exception {
    Appliance a = hv.newAppliance("FGVM01TM2600000" + host.charAt(host.length() - 1), host);
    return await(Firmware.boot(hv, a, config, commands));
  }

  private <T> T on(Firmware fw, Callable<T> task) throws Exception {
    return await(fw.appliance().call(task));
  }

  private <T> T await(CompletableFuture<T> f) throws Exception {
    return HypervisorDriver.of(hv).await(f);
  }

  /** The configuration an appliance autosaved to {@code file}, loaded into a new tree. */
  private static ConfigTree restore(Path file) throws Exception {
    ConfigTree restored = new ConfigTree();
    try (Reader r = Files.newBufferedReader(file)) {
      ConfigFiles.load(restored, r);
    }
    return restored;
  }

  /** A lab-default appliance that saves its configuration to {@code file} after each change. */
  private Firmware bootWithAutosave(String host, Path file) throws Exception {
    Firmware fw = boot(host, Firmware.labDefault(host));
    on(
        fw,
        () -> {
          fw.autosave(file);
          return null;
        });
    return fw;
  }

  /** An appliance that saves its configuration to {@code file} and has enrolled FAC_SCEP. */
  private Firmware enrolledWithAutosave(String host, Path file) throws Exception {
    Firmware fw = bootWithAutosave(host, file);
    MailboxCli cli = new MailboxCli(fw);
    cli.execute(GENERATE);
    settle(fw);
    return fw;
  }

  /**
   * Runs the appliance until {@code done}, jumping virtual time to the next timer whenever nothing
   * is in flight (forticron's deadlines); fails with {@code failure} after 30 s.
   */
  private void driveUntil(Firmware fw, java.util.function.BooleanSupplier done, String failure) {
    HypervisorDriver.of(hv)
        .advancingTime(() -> !fw.busy())
        .doWorkUntil(done, Duration.ofSeconds(30), () -> failure);
  }

  /** Runs until tracked work is done, jumping virtual time only when nothing is in flight. */
  private void settle(Firmware fw) {
    HypervisorDriver.of(hv)
        .advancingTime()
        .doWorkUntil(() -> !fw.busy(), Duration.ofSeconds(20), () -> "work still in flight");
    hv.runUntilIdle();
  }

  /** What the appliance prints on its console from now on, a line each. */
  private static StringBuilder consoleOf(Firmware fw) {
    StringBuilder console = new StringBuilder();
    fw.setConsoleSink(line -> console.append(line).append('\n'));
    return console;
  }

  /** A CLI session of one appliance whose lines run on that appliance's mailbox. */
  private final class MailboxCli {
    private final Firmware fw;
    private final CliSession session;

    MailboxCli(Firmware fw) throws Exception {
      this.fw = fw;
      this.session = on(fw, fw::newSession);
    }

    /** {@code line} typed into the session; what it printed. */
    String execute(String line) throws Exception {
      return on(fw, () -> session.execute(line));
    }

    /** {@code script} run line by line in the session; what it printed. */
    String run(String script) throws Exception {
      return on(fw, () -> session.run(script));
    }
  }
}
