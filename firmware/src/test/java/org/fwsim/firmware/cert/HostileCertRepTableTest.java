package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.firmware.scep.client.HostileCertReps;
import org.fwsim.firmware.scep.client.TestScepResponder;
import org.fwsim.firmware.scep.message.FailInfo;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The appliance's side of the hostile SCEP table: an enrolled FortiGate renews against a CA that
 * answers with one thing wrong. Each row must be refused with forticron's failure trace and the
 * 22203/41990 event-log pair naming the reason, while {@code get vpn certificate local details},
 * the saved configuration (certificate, encrypted key, CA list) and the store's entry stay exactly
 * as they were.
 */
class HostileCertRepTableTest {

  private static final String URL = "http://10.5.149.111/app/cert/scep/";
  private static final String NAME = "FAC_SCEP";

  static KeyPair otherCaKey;
  static X509Certificate otherCaCert;

  @TempDir Path dir;

  private CaLab lab;
  private Hypervisor hv;
  private TestScepResponder ca;

  /** One row: what the CA does wrong and what the appliance's refusal must name. */
  record Row(String name, TestScepResponder.PkiAnswer answer, String reasonMentions) {}

  @BeforeAll
  static void otherCa() {
    otherCaKey = TestCertificates.rsaKeyPair();
    otherCaCert = TestCertificates.scepCa("CN=someone else's CA", otherCaKey);
  }

  static Stream<Arguments> table() {
    return Stream.of(
            new Row(
                "CertRep signed by another CA (wrong signer)",
                HostileCertReps.signedBy(otherCaCert, otherCaKey),
                "neither the CA"),
            new Row(
                "CertRep encrypted to another recipient",
                HostileCertReps.encryptedToAnotherRecipient(),
                "bad CertRep"),
            new Row(
                "replayed transactionID", HostileCertReps.replayedTransactionId(), "transactionID"),
            new Row(
                "replayed recipientNonce",
                HostileCertReps.replayedRecipientNonce(),
                "recipientNonce"),
            new Row(
                "FAILURE failInfo badTime",
                HostileCertReps.failure(FailInfo.BAD_TIME, "signingTime out of range"),
                "failInfo badTime"),
            new Row(
                "certificate for another public key",
                HostileCertReps.certificateForAnotherKey(),
                "for our key"),
            new Row(
                "certificate with another subject",
                HostileCertReps.certificateWithAnotherSubject(),
                "subject"),
            new Row(
                "certificate from another CA",
                HostileCertReps.certificateFromAnotherCa(otherCaCert, otherCaKey),
                "not trusted"))
        .map(r -> argumentSet(r.name(), r));
  }

  @AfterEach
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @ParameterizedTest(name = "{argumentSetName}")
  @MethodSource("table")
  void theApplianceRefusesItAndKeepsCertificateKeyAndConfig(Row row) throws Exception {
    Path file = dir.resolve("fgt.conf");
    Firmware fw = enrolled(file);
    CliSession cli = on(fw, fw::newSession);
    LocalCertificate before = facScep(fw);
    String details = execute(fw, cli, "get vpn certificate local details " + NAME);
    String caList = execute(fw, cli, "get vpn certificate ca");
    byte[] saved = Files.readAllBytes(file);
    StringBuilder console = new StringBuilder();
    fw.setConsoleSink(line -> console.append(line).append('\n'));
    ca.pki = row.answer();

    renewalDue(fw, cli, before.certificate());
    HypervisorDriver.of(hv)
        .advancingTime(() -> !fw.busy())
        .doWorkUntil(() -> hasFailed(fw), Duration.ofSeconds(30), () -> "no refusal: " + console);

    List<LogEntry> log = on(fw, () -> fw.eventLog().entries());

    LogEntry failed =
        log.stream().filter(e -> e.id() == LogId.VPN_CERT_UPDATE_FAILED).findFirst().orElseThrow();
    String reason = failed.field("reason");
    assertTrue(reason.contains(row.reasonMentions()), () -> "reason: " + reason);
    assertTrue(log.stream().anyMatch(e -> e.id() == LogId.AUTO_GEN_CERT_FAIL), log::toString);
    assertTrue(
        console.toString().contains("scep_recv()-554: SCEP request is failed"), console::toString);
    LocalCertificate after = facScep(fw);
    assertSame(before.certificate(), after.certificate(), "the same certificate");
    assertSame(before.privateKey(), after.privateKey(), "the same key");
    assertEquals(details, execute(fw, cli, "get vpn certificate local details " + NAME));
    assertEquals(caList, execute(fw, cli, "get vpn certificate ca"), "no CA imported");
    assertArrayEquals(saved, Files.readAllBytes(file), "the saved configuration is unchanged");
  }

  /** An appliance that saves to {@code file}, with FAC_SCEP enrolled and forticron debug on. */
  private Firmware enrolled(Path file) throws Exception {
    lab = CaLab.start();
    hv = lab.hv();
    ca = lab.ca();
    Firmware fw =
        HypervisorDriver.of(hv)
            .await(
                Firmware.boot(
                    hv,
                    hv.newAppliance("FGVM01TM26000009", "FGT-9"),
                    Firmware.labDefault("FGT-9"),
                    FirmwareCommands.newRegistry()));
    CliSession cli = on(fw, fw::newSession);
    on(
        fw,
        () -> {
          fw.autosave(file);
          return cli.run(
              "execute vpn certificate local generate rsa "
                  + NAME
                  + " 2048 myvpn NL NH Amsterdam Fortinet \"\" admin@example.com \"\" "
                  + URL
                  + " secret\n"
                  + "config vpn certificate local\n edit "
                  + NAME
                  + "\n set auto-regenerate-days 7\n next\nend\n");
        });
    HypervisorDriver.of(hv)
        .advancingTime()
        .doWorkUntil(() -> !fw.busy(), Duration.ofSeconds(30), () -> "no enrollment");
    hv.runUntilIdle();
    assertEquals(CertState.OK, facScep(fw).state(), "enrolled");
    return fw;
  }

  /**
   * Moves the clock into the renewal window, turns the SCEP and forticron debug on (after the jump,
   * which would outlast the debug duration), and tells forticron the time changed.
   */
  private void renewalDue(Firmware fw, CliSession cli, X509Certificate current) throws Exception {
    hv.clock()
        .set(
            current
                .getNotAfter()
                .toInstant()
                .minus(Duration.ofDays(7))
                .plus(Duration.ofMinutes(1)));
    on(
        fw,
        () -> {
          cli.run(
              "diagnose debug application scep -1\ndiagnose debug application forticron -1\n"
                  + "diagnose debug enable\n");
          fw.certificates().clockChanged();
          return null;
        });
  }

  private boolean hasFailed(Firmware fw) {
    return !fw.busy()
        && fw.eventLog().entries().stream().anyMatch(e -> e.id() == LogId.AUTO_GEN_CERT_FAIL);
  }

  private static LocalCertificate facScep(Firmware fw) {
    return fw.appliance().globalCerts().snapshot().findLocal(NAME).orElse(null);
  }

  private <T> T on(Firmware fw, Callable<T> task) throws Exception {
    return HypervisorDriver.of(hv).await(fw.appliance().call(task));
  }

  private String execute(Firmware fw, CliSession cli, String line) throws Exception {
    return on(fw, () -> cli.execute(line));
  }
}
