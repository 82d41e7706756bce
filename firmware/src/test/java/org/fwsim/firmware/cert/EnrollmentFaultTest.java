package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cli.ConfigListener;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.hal.pki.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code generate}'s outcome is always told: a listener that throws on the start or the end of an
 * enrollment, or a state that cannot be written, is logged, and the other listeners and the
 * caller's future still learn how the enrollment ended.
 */
class EnrollmentFaultTest {

  private static final String NAME = "FGT_X";

  private final List<String> heard = new ArrayList<>();
  private final CompletableFuture<ScepOutcome> protocolAnswer = new CompletableFuture<>();
  private CaLab lab;
  private Firmware fw;
  private Enrollment enrollment;

  @BeforeEach
  void boot() throws Exception {
    lab = CaLab.start();
    fw = lab.boot("fw1");
    enrollment =
        lab.on(
            fw,
            () -> {
              CertificatePorts ports =
                  new CertificatePorts(
                      fw.appliance(),
                      lab.hv(),
                      fw::config,
                      fw.egress(),
                      fw,
                      fw.debug(),
                      fw.eventLog());
              EnrollmentProtocols protocols = new EnrollmentProtocols();
              protocols.add(EnrollProtocol.SCEP, answeringWith(protocolAnswer));
              Enrollment e = new Enrollment(ports, protocols, new StoreSync(ports));
              e.addListener(throwing());
              e.addListener(recording());
              return e;
            });
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void aListenerThatThrowsNeitherLosesTheOutcomeNorSilencesTheNextListener() throws Exception {
    CompletableFuture<ScepOutcome> done = lab.on(fw, () -> enrollment.generate(request()));
    assertEquals(List.of("started " + NAME), heard);

    lab.on(fw, () -> protocolAnswer.complete(failure()));

    assertTrue(done.isDone(), "the outcome is told");
    assertEquals("the CA said no", done.get().reason());
    assertEquals(List.of("started " + NAME, "ended " + NAME + " FAILED"), heard);
    assertEquals("FAILED", state());
  }

  @Test
  void aStateThatCannotBeWrittenStillEndsTheEnrollment() throws Exception {
    CompletableFuture<ScepOutcome> done = lab.on(fw, () -> enrollment.generate(request()));
    ConfigListener broken =
        change -> {
          throw new IllegalStateException("a commit listener breaks");
        };
    lab.on(
        fw,
        () -> {
          fw.config().addListener(broken);
          return protocolAnswer.complete(failure());
        });

    assertTrue(done.isDone(), "the outcome is told");
    assertEquals(ScepOutcome.Status.FAILED, done.get().status());
    assertEquals(List.of("started " + NAME, "ended " + NAME + " FAILED"), heard);
  }

  private String state() throws Exception {
    return lab.on(
        fw, () -> fw.config().vdom("root").table(StoreSync.LOCAL_TABLE).get(NAME).text("state"));
  }

  private static GenerateRequest request() {
    return new GenerateRequest(
        "root",
        NAME,
        KeyType.RSA_2048,
        new X500Name("CN=" + NAME),
        EnrollProtocol.SCEP,
        Map.of("scep-url", "http://10.5.149.111/app/cert/scep/"),
        Map.of());
  }

  private static ScepOutcome failure() {
    return ScepOutcome.failed(NAME, false, null, "the CA said no", FailureKind.BAD_REPLY);
  }

  private static EnrollmentListener throwing() {
    return new EnrollmentListener() {
      @Override
      public void started(String vdom, String certificate) {
        throw new IllegalStateException("listener breaks on start");
      }

      @Override
      public void ended(String vdom, ScepOutcome outcome) {
        throw new IllegalStateException("listener breaks on end");
      }
    };
  }

  private EnrollmentListener recording() {
    return new RecordingEnrollmentListener(heard);
  }

  /** A protocol whose enrollment ends when the test says so. */
  private static EnrollmentProtocol answeringWith(CompletableFuture<ScepOutcome> answer) {
    return new EnrollmentProtocol() {
      @Override
      public CompletableFuture<ScepOutcome> enroll(Request request) {
        return answer;
      }

      @Override
      public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
        throw new UnsupportedOperationException("no renewal in this test");
      }
    };
  }
}
