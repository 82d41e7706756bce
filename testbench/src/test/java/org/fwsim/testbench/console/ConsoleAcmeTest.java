package org.fwsim.testbench.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/**
 * ACME on the console against the embedded CA's ACME server at {@code
 * https://10.5.149.111/acme/directory}: the entry's commit enrolls it (HTTP-01 answered on the
 * appliance's own interface and validated by the CA through the underlay), the certificate is dated
 * by the CA's virtual clock, and forticron renews it in {@code acme-renew-window} with a trace that
 * names ACME.
 */
class ConsoleAcmeTest extends ConsoleScriptTest {

  static final String ENTRY =
      "config vpn certificate local\nedit FGT_ACME\nset enroll-protocol acme2\n"
          + "set acme-ca-url https://10.5.149.111/acme/directory\n"
          + "set acme-domain fgt.example.com\nset acme-email admin@example.com\nnext\nend\n";

  @Test
  void enrollsOnCommitAndForticronRenewsOnTheCasClock() throws Exception {
    ConsoleSimulation sim = sim();
    String t =
        run(
            ConsoleEstTest.IMPORT
                + "sim acme http-port "
                + freePort()
                + "\n"
                + "diagnose debug application acme -1\ndiagnose debug enable\n");
    long connections = sim.ca().connectionsAccepted();
    t += run(ENTRY);
    // Directory, account, order, authorization, challenge, poll, finalize, certificate: every
    // request on one kept-alive connection.
    assertEquals(1, sim.ca().connectionsAccepted() - connections, "connections");
    assertTrue(acmeRequests(sim) >= 8, "ACME requests " + acmeRequests(sim));
    // The commit started the enrollment; the script's end waited for it.
    t += run("get vpn certificate local details FGT_ACME\n");
    assertContainsAll(
        t,
        "acme_send: GET https://10.5.149.111/acme/directory (directory)",
        "acme_http01: answering token ",
        "acme_done: issued serial ",
        "Name:        FGT_ACME",
        "Valid to:    2027-11-23",
        "ACME details:\nStatus: The certificate for the managed domain has been renewed");
    X509Certificate first = globalLocal(sim, "FGT_ACME");

    // 340 of 365 days later the 30-day window is open; the CA issues on the same clock, so the
    // renewed certificate starts there and forticron does not back off.
    t =
        run(
            "diagnose debug duration 0\ndiagnose debug application acme 0\n"
                + "diagnose debug application forticron -1\ndiagnose debug enable\n"
                + "sim clock advance 340d\nget vpn certificate local details FGT_ACME\n"
                + "execute log display\n");
    assertEquals(2, sim.ca().connectionsAccepted() - connections, "connections");
    assertContainsAll(
        t,
        "__local_acme_auto_regenerate()-97: Auto regenerate certificate-FGT_ACME",
        "fcron_start_cert_acme()-858: Added and Start cert FGT_ACME",
        "Valid to:    2028-10-",
        "method=\"ACME2\"");
    assertFalse(t.contains("scep"), t);
    assertNotEquals(first.getSerialNumber(), globalLocal(sim, "FGT_ACME").getSerialNumber());
  }

  /**
   * A port free now for HTTP-01: every worktree on the host runs this test, and a fixed port made
   * them fail each other's challenge when they ran at once.
   */
  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long acmeRequests(ConsoleSimulation sim) {
    return sim.ca().accessLog().entries().stream()
        .filter(e -> e.operation().equals("ACME"))
        .count();
  }
}
