package org.fwsim.firmware.cert;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.acme.AcmeFirmware;
import org.fwsim.firmware.acme.AcmeRequest;
import org.fwsim.firmware.acme.AcmeResponse;
import org.fwsim.firmware.acme.AcmeTransport;
import org.fwsim.firmware.acme.FakeAcmeServer;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code acme2} entry deleted while its order is in flight: the certificate the order brings
 * back is installed nowhere, neither under the deleted name nor in an entry of the same name made
 * since, and the ACME trace says it was dropped. The CA is a server on values whose certificate
 * download the test holds until the entry is gone.
 */
class AcmeDeletedMidOrderTest {

  private static final String ENTRY =
      "config vpn certificate local\nedit fw1_acme\nset enroll-protocol acme2\n"
          + "set acme-ca-url https://10.5.149.111/dir\nset acme-domain fw1.test\nnext\nend";
  private static final String DELETE = "config vpn certificate local\ndelete fw1_acme\nend";

  private final Hypervisor hv =
      TestHypervisors.builder(Instant.parse("2026-01-01T00:00:00Z")).nio(true).build();
  private final HypervisorDriver driver = HypervisorDriver.of(hv);
  private final List<String> events = new ArrayList<>();

  /** Paths whose next request the CA holds. */
  private final java.util.Set<String> holding = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The requests the CA holds, by path, until the test releases them. */
  private final Map<String, Held> waiting = new java.util.concurrent.ConcurrentHashMap<>();

  private final StringBuffer console = new StringBuffer();

  /** A request received and not answered yet. */
  private record Held(
      FakeAcmeServer server, AcmeRequest request, CompletableFuture<AcmeResponse> answer) {}

  private Firmware fw;

  @AfterEach
  void close() {
    hv.close();
  }

  @Test
  void aDeletedEntrysOrderInstallsNothing() throws Exception {
    enrollUntilTheDownloadIsHeld();

    assertEquals("", cli(DELETE));
    release("/cert/1");
    driver.doWorkUntil(() -> events.size() == 2);
    driver.settle(HypervisorDriver.DEFAULT_TIMEOUT);

    assertFalse(installed(), "no certificate under the deleted name");
    assertEquals(List.of("started fw1_acme", "ended fw1_acme FAILED"), events);
    assertContainsAll(
        console.toString(),
        "acme_drop: local certificate fw1_acme was deleted while its order was in flight");
  }

  @Test
  void anEntryOfTheSameNameMadeMeanwhileGetsItsOwnOrder() throws Exception {
    enrollUntilTheDownloadIsHeld();

    // Deleted and made again: the new entry's order is its own, on a server of its own.
    fw.certificates().setAcmeTransport(transport(new FakeAcmeServer().trustingAnswers()));
    assertEquals("", cli(DELETE + "\n" + ENTRY));
    driver.doWorkUntil(() -> events.size() == 3);
    assertEquals("ended fw1_acme ISSUED", events.get(2), events::toString);
    java.math.BigInteger own = current();

    release("/cert/1"); // the first order's certificate arrives after all
    driver.doWorkUntil(() -> events.size() == 4);
    driver.settle(HypervisorDriver.DEFAULT_TIMEOUT);
    assertEquals("ended fw1_acme FAILED", events.get(3), events::toString);
    assertEquals(own, current(), "the new entry keeps its own certificate");
    assertContainsAll(console.toString(), "acme_drop: local certificate fw1_acme was deleted");
  }

  /** Commits the entry; its order runs until the CA holds its certificate download. */
  private void enrollUntilTheDownloadIsHeld() throws Exception {
    boot(new FakeAcmeServer().trustingAnswers());
    holding.add("/cert/1");
    assertEquals("", cli(ENTRY));
    driver.doWorkUntil(() -> waiting.containsKey("/cert/1"));
  }

  /** Answers the held request of {@code path} now. */
  private void release(String path) {
    Held h = waiting.remove(path);
    h.answer().complete(answer(h.server(), h.request()));
  }

  /**
   * A conversation with {@code server}: every answer at once (with {@code Retry-After: 0}, so no
   * poll waits), except the next request to a path held, answered when the test releases it.
   */
  private AcmeTransport transport(FakeAcmeServer server) {
    return (Egress egress) ->
        new AcmeTransport.Conversation() {
          @Override
          public CompletableFuture<AcmeResponse> send(AcmeRequest request) {
            String path = request.url().getPath();
            if (!holding.remove(path)) {
              return CompletableFuture.completedFuture(answer(server, request));
            }
            Held h = new Held(server, request, new CompletableFuture<>());
            waiting.put(path, h);
            return h.answer();
          }

          @Override
          public void close() {}
        };
  }

  private static AcmeResponse answer(FakeAcmeServer server, AcmeRequest request) {
    AcmeResponse r = server.handle(request);
    Map<String, String> headers = new HashMap<>(r.headers());
    headers.put("Retry-After", "0");
    return new AcmeResponse(r.status(), headers, r.body());
  }

  private boolean installed() throws Exception {
    return driver.await(
        fw.appliance()
            .call(() -> fw.appliance().globalCerts().snapshot().findLocal("fw1_acme").isPresent()));
  }

  private java.math.BigInteger current() throws Exception {
    return driver.await(
        fw.appliance()
            .call(
                () ->
                    fw.appliance()
                        .globalCerts()
                        .snapshot()
                        .findLocal("fw1_acme")
                        .orElseThrow()
                        .certificate()
                        .getSerialNumber()));
  }

  private void boot(FakeAcmeServer server) throws Exception {
    fw = AcmeFirmware.boot(hv, driver);
    fw.setConsoleSink(line -> console.append(line).append('\n'));
    cli("diagnose debug application acme -1\ndiagnose debug enable");
    driver.await(
        fw.appliance()
            .run(
                () -> {
                  fw.certificates().setAcmeHttpPort(0);
                  fw.certificates().setAcmeTransport(transport(server));
                  fw.certificates().addEnrollmentListener(new RecordingEnrollmentListener(events));
                }));
  }

  private String cli(String script) throws Exception {
    return driver.await(fw.appliance().call(() -> fw.newSession().run(script)));
  }
}
