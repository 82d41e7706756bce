package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.cron.CertRenewer;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.RenewOutcome;
import org.fwsim.firmware.cron.TestCronCertificate;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.junit.jupiter.api.Test;

/**
 * forticron's renewer hands each renewal to the implementation of its entry's {@code
 * enroll-protocol}; a CA certificate (no enroll-protocol) renews over SCEP from its scep-url; a
 * protocol fwsim has no implementation of is refused by its FortiOS name, which forticron logs as
 * the failure reason. A bounded admission (a testbench's {@code --max-in-flight}) holds every
 * protocol's renewals until a place is free.
 */
class EnrollmentProtocolsTest {

  private static final Instant END = Instant.parse("2027-11-23T10:00:00Z");
  private static final String URL = "http://10.5.149.111/app/cert/scep/";

  private final List<String> asked = new ArrayList<>();
  private final List<String> started = new ArrayList<>();
  private final Map<String, Consumer<RenewOutcome>> outcomes = new HashMap<>();

  @Test
  void eachRenewalGoesToItsEntrysProtocolAndACaCertificateToScep() {
    EnrollmentProtocols protocols = new EnrollmentProtocols();
    protocols.add(EnrollProtocol.SCEP, recording("scep"));
    protocols.add(EnrollProtocol.EST, recording("est"));
    protocols.add(EnrollProtocol.CMPV2, recording("cmpv2"));
    protocols.add(EnrollProtocol.ACME2, recording("acme2"));

    protocols.renew(local("A", EnrollProtocol.EST), done -> {});
    protocols.renew(local("B", EnrollProtocol.CMPV2), done -> {});
    protocols.renew(local("C", EnrollProtocol.ACME2), done -> {});
    protocols.renew(TestCronCertificate.seed("D", END).build(), done -> {});
    protocols.renew(
        TestCronCertificate.ca("E", END).withDays(7, 0).withScep(URL, "").build(), done -> {});

    assertEquals(List.of("est A", "cmpv2 B", "acme2 C", "scep D", "scep E"), asked);
  }

  @Test
  void aProtocolWithoutImplementationIsRefusedByItsFortiOsName() {
    EnrollmentProtocols protocols = new EnrollmentProtocols();
    protocols.add(EnrollProtocol.SCEP, recording("scep"));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> protocols.renew(local("A", EnrollProtocol.CMPV2), done -> {}));
    assertEquals("enroll-protocol cmpv2 is not supported", e.getMessage());
    assertEquals(List.of(), asked);
  }

  @Test
  void noneHasNoImplementationAndNoProtocolHasTwo() {
    EnrollmentProtocols protocols = new EnrollmentProtocols();
    protocols.add(EnrollProtocol.EST, recording("est"));

    assertThrows(
        IllegalArgumentException.class,
        () -> protocols.add(EnrollProtocol.NONE, recording("none")));
    IllegalStateException twice =
        assertThrows(
            IllegalStateException.class,
            () -> protocols.add(EnrollProtocol.EST, recording("est again")));
    assertEquals("enroll-protocol est registered twice", twice.getMessage());
  }

  @Test
  void aBoundedAdmissionHoldsEveryProtocolsRenewalsAndScepTakesItsOwnPlace() {
    ScepAdmission one = ScepAdmission.bounded(1);
    List<Runnable> mailbox = new ArrayList<>();
    EnrollmentProtocols protocols = new EnrollmentProtocols(() -> one, mailbox::add);
    protocols.add(EnrollProtocol.SCEP, recording("scep"));
    protocols.add(EnrollProtocol.CMPV2, recording("cmpv2"));
    protocols.add(EnrollProtocol.ACME2, recording("acme2"));
    List<RenewOutcome> heard = new ArrayList<>();

    CertRenewer.Renewal a = protocols.renew(local("A", EnrollProtocol.CMPV2), heard::add);
    CertRenewer.Renewal b = protocols.renew(local("B", EnrollProtocol.ACME2), heard::add);
    CertRenewer.Renewal c = protocols.renew(local("C", EnrollProtocol.CMPV2), heard::add);
    a.start();
    b.start();
    c.start();
    assertEquals(List.of("start A"), started, "one place: B and C wait");
    assertEquals(1, one.inFlight());
    assertEquals(2, one.waiting());

    outcomes.get("A").accept(RenewOutcome.pending()); // a PENDING answer keeps the place
    assertEquals(List.of(), mailbox);
    outcomes.get("A").accept(RenewOutcome.success(END));
    assertEquals(1, mailbox.size(), "the place went to B, whose start waits for its appliance");
    c.cancel(); // forticron gave up on C while it waited
    mailbox.remove(0).run();
    assertEquals(List.of("start A", "start B"), started);
    outcomes.get("B").accept(RenewOutcome.failure("no"));
    mailbox.remove(0).run(); // C's start, cancelled: it gives its place back unstarted
    assertEquals(List.of("start A", "start B"), started);
    assertEquals(0, one.inFlight());
    assertEquals(3, heard.size());

    // SCEP's transaction enters the admission itself: its renewal is not held here.
    protocols.renew(local("D", EnrollProtocol.SCEP), heard::add).start();
    assertEquals(List.of("start A", "start B", "start D"), started);
    assertEquals(0, one.inFlight());
  }

  private static CronCertificate local(String name, EnrollProtocol protocol) {
    return TestCronCertificate.local(name, END).withDays(7, 14).withProtocol(protocol).build();
  }

  /** A protocol that only notes which certificate it was asked to renew. */
  private EnrollmentProtocol recording(String name) {
    return new EnrollmentProtocol() {
      @Override
      public CompletableFuture<ScepOutcome> enroll(Request request) {
        throw new AssertionError("not asked to enroll");
      }

      @Override
      public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
        asked.add(name + " " + cert.name());
        outcomes.put(cert.name(), done);
        return new Renewal() {
          @Override
          public void start() {
            started.add("start " + cert.name());
          }

          @Override
          public void cancel() {}
        };
      }
    };
  }
}
