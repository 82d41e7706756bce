package org.fwsim.firmware.cert;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.firmware.scep.client.TestScepResponder;
import org.fwsim.hal.testing.HypervisorDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SCEP entry deleted while its enrollment waits on a PENDING CA: when the CA issues at the next
 * CertPoll, the certificate is installed nowhere, the CSR entry leaves the store, and the SCEP
 * trace says it was dropped. The poll comes on the virtual clock.
 */
class ScepDeletedMidEnrollmentTest {

  private static final String GENERATE =
      "execute vpn certificate local generate rsa FAC_SCEP 2048 myvpn NL NH"
          + " Amsterdam Fortinet \"\" admin@example.com \"\" "
          + "http://10.5.149.111/app/cert/scep/ secret";

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
  void theCertificateOfADeletedEntryIsDropped() throws Exception {
    lab.ca().pki = TestScepResponder.pendingThenIssue(0);
    Firmware fw = lab.boot("FGT-1");
    StringBuilder console = new StringBuilder();
    fw.setConsoleSink(line -> console.append(line).append('\n'));
    CompletableFuture<ScepOutcome> outcome = new CompletableFuture<>();
    lab.on(
        fw,
        () -> {
          fw.certificates()
              .addEnrollmentListener(
                  new EnrollmentListener() {
                    @Override
                    public void ended(String vdom, ScepOutcome o) {
                      outcome.complete(o);
                    }
                  });
          return fw.newSession().run("diagnose debug application scep -1\ndiagnose debug enable");
        });
    lab.on(fw, () -> fw.newSession().run(GENERATE));
    lab.driveUntil(fw, () -> lab.ca().pkiRequests().size() == 1, "no PKCSReq");
    lab.hv().runUntilIdle();
    assertTrue(inStore(fw), "the CSR entry is there while the CA holds the request");

    assertEquals(
        "",
        lab.on(
            fw, () -> fw.newSession().run("config vpn certificate local\ndelete FAC_SCEP\nend")));
    // The CertPoll is due on the virtual clock: time jumps to it while nothing is in flight.
    HypervisorDriver.of(lab.hv())
        .advancingTime()
        .doWorkUntil(outcome::isDone, Duration.ofSeconds(20), () -> "the enrollment never ended");

    assertEquals(2, lab.ca().pkiRequests().size(), "the CA issued at the CertPoll");
    assertFalse(inStore(fw), "nothing under the deleted name");
    assertEquals(FailureKind.CONFIGURATION, outcome.get().failure(), outcome.get().reason());
    assertContainsAll(
        console.toString(),
        "scep_write_local_cert: local certificate FAC_SCEP was deleted while its enrollment was in"
            + " flight; the certificate is dropped");
  }

  private boolean inStore(Firmware fw) throws Exception {
    return lab.on(
        fw, () -> fw.appliance().globalCerts().snapshot().findLocal("FAC_SCEP").isPresent());
  }
}
