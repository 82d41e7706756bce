package org.fwsim.testbench.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fwsim.testbench.ca.AccessLog;
import org.fwsim.testbench.ca.CaFaults;
import org.junit.jupiter.api.Test;

/**
 * A certificate whose renewals the CA refused until it expired: the expired certificate signs
 * nothing (the CA refuses an expired signer, as micromdm and EJBCA do), so forticron's next try
 * enrolls afresh, a PKCSReq signed by a self-signed certificate and authorised by {@code
 * scep-password}, and the certificate comes back with its name and subject.
 */
class ConsoleExpiredRenewalTest extends ConsoleScriptTest {

  @Test
  void renewalsRefusedUntilExpiryThenTheNextTryEnrollsAfresh() throws Exception {
    ConsoleSimulation sim = sim();
    run(generate("FAC_SCEP"));
    run(
        "config vpn certificate local\nedit FAC_SCEP\nset auto-regenerate-days 7\n"
            + "set scep-password fwsim-test\nnext\nend\n");
    sim.ca().setFaults(CaFaults.NONE.withBadRequestFraction(1.0));
    String t = run("sim clock advance 366d\nget vpn certificate local details FAC_SCEP\n");
    assertTrue(t.contains("Valid to:    2027-11-23 10:00:00  GMT\n"), t);

    sim.ca().setFaults(CaFaults.NONE);
    int before = sim.ca().accessLog().entries().size();
    run("sim clock advance 1d1m\n"); // forticron's daily retry once expired
    t = run("get vpn certificate local details FAC_SCEP\nexecute log display\n");
    assertTrue(t.contains("Valid to:    2028-11-"), t);
    assertTrue(
        t.contains("Subject:     C = NL, ST = NH, L = Amsterdam, O = Fortinet, CN = myvpn"), t);
    List<AccessLog.Entry> since =
        sim.ca().accessLog().entries().subList(before, sim.ca().accessLog().entries().size());
    assertTrue(
        since.stream()
            .anyMatch(e -> "PKCSReq".equals(e.messageType()) && "SUCCESS".equals(e.result())),
        since.toString());
    assertTrue(t.contains("logid=\"0100022205\""), t);
  }
}
