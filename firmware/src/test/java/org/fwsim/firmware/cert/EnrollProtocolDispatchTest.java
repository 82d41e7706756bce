package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code set enroll-protocol} picks who renews an entry: a protocol fwsim has no implementation of
 * fails in forticron's log and keeps the certificate; one added with {@link
 * CertificateService#addProtocol} gets the renewal, and what it installs is in the store and the
 * configuration. The user's side is the CLI throughout.
 */
class EnrollProtocolDispatchTest {

  private static final String GENERATE =
      "execute vpn certificate local generate rsa DISPATCH 2048 myvpn NL NH Amsterdam Fortinet \"\""
          + " admin@example.com \"\" http://10.5.149.111/app/cert/scep/ secret\n";

  private CaLab lab;

  @BeforeEach
  void start() throws Exception {
    lab = CaLab.start();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void renewalGoesToTheEntrysProtocolAndAMissingOneIsLoggedAsTheFailure() throws Exception {
    Firmware fw = lab.boot("FGT-1");
    CliSession cli = lab.on(fw, fw::newSession);
    lab.on(fw, () -> cli.run(GENERATE));
    lab.driveUntil(fw, () -> !fw.busy(), "no enrollment");
    X509Certificate first = current(fw).certificate();

    lab.on(
        fw,
        () ->
            cli.run(
                "config vpn certificate local\n edit DISPATCH\n set enroll-protocol est\n"
                    + " set auto-regenerate-days 7\n next\nend\n"));
    lab.hv().clock().set(first.getNotAfter().toInstant().minus(Duration.ofDays(7)));
    lab.on(fw, () -> clockChanged(fw));
    lab.driveUntil(fw, () -> failures(fw).size() > 0, "no failed renewal");
    LogEntry failed = failures(fw).get(0);
    assertEquals("enroll-protocol est is not supported", failed.field("reason"));
    assertEquals("EST", failed.field("method"));
    assertEquals(first, current(fw).certificate(), "the certificate stays");

    List<String> renewed = new ArrayList<>();
    lab.on(
        fw,
        () -> {
          fw.certificates().addProtocol(EnrollProtocol.EST, ctx -> new Fake(ctx, renewed));
          return clockChanged(fw);
        });
    lab.driveUntil(fw, () -> !renewed.isEmpty(), "forticron did not retry over the new protocol");
    lab.driveUntil(fw, () -> !fw.busy(), "renewal still in flight");
    X509Certificate second = current(fw).certificate();
    assertEquals(List.of("DISPATCH"), renewed);
    assertTrue(second.getSubjectX500Principal().getName().contains("CN=renewed by the fake"));
    String pem = lab.on(fw, () -> cli.execute("show vpn certificate local DISPATCH"));
    assertTrue(pem.contains("set enroll-protocol est"), pem);
    assertTrue(
        lab.on(fw, () -> cli.execute("get vpn certificate local details DISPATCH"))
            .contains("CN = renewed by the fake"));
  }

  @Test
  void generateRefusesAProtocolWithoutImplementationBeforeMakingTheEntry() throws Exception {
    Firmware fw = lab.boot("FGT-2");
    GenerateRequest est =
        new GenerateRequest(
            "root",
            "NOPE",
            org.fwsim.hal.pki.KeyType.parse("RSA", "2048"),
            new org.bouncycastle.asn1.x500.X500Name("CN=nope"),
            EnrollProtocol.ACME2,
            java.util.Map.of());
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () -> {
              try {
                lab.on(fw, () -> fw.certificates().generate(est));
              } catch (java.util.concurrent.ExecutionException x) {
                throw x.getCause();
              }
            });
    assertEquals("enroll-protocol acme2 is not supported", e.getMessage());
    assertTrue(
        lab.on(fw, () -> fw.config().view().vdom("root").orElseThrow().localCertificates())
            .isEmpty());
  }

  private static Void clockChanged(Firmware fw) {
    fw.certificates().clockChanged();
    return null;
  }

  private static LocalCertificate current(Firmware fw) {
    return fw.appliance().globalCerts().snapshot().findLocal("DISPATCH").orElseThrow();
  }

  /** Read between mailbox runs of the 0-worker hypervisor, so no other thread writes meanwhile. */
  private static List<LogEntry> failures(Firmware fw) {
    return fw.eventLog().entries().stream()
        .filter(e -> e.id() == LogId.VPN_CERT_UPDATE_FAILED)
        .toList();
  }

  /** A protocol that renews by issuing a certificate for a new key from a test CA of its own. */
  private record Fake(EnrollmentContext ctx, List<String> renewed) implements EnrollmentProtocol {
    @Override
    public CompletableFuture<ScepOutcome> enroll(Request request) {
      throw new AssertionError("not asked to enroll");
    }

    @Override
    public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
      return new Renewal() {
        @Override
        public void start() {
          TestCertificates.Issued leaf =
              TestCertificates.builder("renewed by the fake")
                  .issuedBy(TestCertificates.rootCa("fake CA"))
                  .validity(cert.notAfter(), cert.notAfter().plus(Duration.ofDays(365)))
                  .build();
          LocalCertificate in =
              ctx.install(cert.vdom(), cert.name(), List.of(leaf.certificate()), leaf.privateKey());
          renewed.add(cert.name());
          done.accept(RenewOutcome.success(in.certificate().getNotAfter().toInstant()));
        }

        @Override
        public void cancel() {}
      };
    }
  }
}
