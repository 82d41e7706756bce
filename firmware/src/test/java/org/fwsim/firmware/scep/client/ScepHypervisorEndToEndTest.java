package org.fwsim.firmware.scep.client;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.ListSink;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.pki.CertState;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.vdom.Vdom;
import org.junit.jupiter.api.Test;

/**
 * The whole wiring on the lead's hypervisor: an appliance with port1 and a default route, the CA at
 * its simulated address mapped by the underlay, {@link TestScepContexts#forVdom}, and an enrollment
 * the CA holds PENDING once, driven thread-free with virtual time jumping to the poll.
 */
class ScepHypervisorEndToEndTest {

  @Test
  void enrollsThroughTheHypervisorsUnderlayAndScheduler() throws Exception {
    SimClock clock = SimClock.fastForward(TestCertificates.NOW);
    try (Hypervisor hv =
        Hypervisor.builder(clock)
            .nio(true)
            .workers(0)
            .keygenThreads(1)
            .keyPoolCapacity(4)
            .build()) {
      Appliance fgt = hv.newAppliance("FGVM01TM00000001", "FGT-1");
      fgt.putInterface(
          withAddress(
              NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "root"), "10.0.0.1/24"));
      Vdom root = fgt.vdoms().root();
      root.routingTable()
          .putStatic(
              1, Route.staticRoute(Ip4Prefix.parse("0.0.0.0/0"), Ip4.parse("10.0.0.254"), "port1"));
      root.routingTable().publish();
      KeyPair caKey = TestCertificates.rsaKeyPair();
      X509Certificate caCert = TestCertificates.scepCa("CN=FAC", caKey);
      ListSink sink = new ListSink();
      DebugControl debug = new DebugControl(fgt.clock(), sink);
      debug.application(DebugApplication.FORTICRON, -1);
      debug.enable();
      EventLog log = new EventLog();
      ScepClient client =
          new ScepClient(
              TestScepContexts.forVdom(
                  hv,
                  fgt,
                  root,
                  debug,
                  log,
                  new PkiRequests(fgt.clock(), new SecureRandom()),
                  ScepPolicy.DEFAULTS));

      try (TestScepResponder ca =
          new TestScepResponder(hv.transports().group(), caKey, caCert, clock)) {
        ca.pki = TestScepResponder.pendingThenIssue(0);
        hv.underlay()
            .map(
                new InetSocketAddress("10.5.149.111", 80),
                new InetSocketAddress("127.0.0.1", ca.port()));
        long start = clock.millis();

        CompletableFuture<ScepOutcome> f =
            client.submitEnroll(
                TestScepEnrollment.of(
                        "FAC_SCEP",
                        "http://10.5.149.111/app/cert/scep/",
                        "secret",
                        ScepClientFixture.SUBJECT)
                    .build());
        // Fast-forward only when nothing is in flight.
        HypervisorDriver.of(hv)
            .advancingTime()
            .doWorkUntil(
                f::isDone,
                HypervisorDriver.DEFAULT_TIMEOUT,
                () -> "no outcome:\n" + String.join("\n", sink.lines()));

        ScepOutcome outcome = f.getNow(null);
        assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
        assertEquals(1, outcome.polls());
        assertEquals(Duration.ofMinutes(5).toMillis(), clock.millis() - start);
        assertEquals(
            CertState.OK, root.certStore().snapshot().findLocal("FAC_SCEP").orElseThrow().state());
        int source = hv.underlay().hostAddressOf(fgt.id(), Ip4.parse("10.0.0.1"));
        assertTrue(
            ca.seen.stream().allMatch(s -> Ip4.fromInetAddress(s.remote().getAddress()) == source));
        assertTrue(
            sink.lines()
                .contains(
                    "scep_cleanup()-168: scep_cleanup, state 3, name FAC_SCEPVDOM0, vfid 0, is_global 0."),
            () -> String.join("\n", sink.lines()));
      }
    }
  }
}
