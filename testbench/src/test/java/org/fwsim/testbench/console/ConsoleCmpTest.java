package org.fwsim.testbench.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fwsim.hal.Hypervisor;
import org.fwsim.testbench.ca.OpensslVerify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CMPv2 as a console user runs it against the embedded CA's {@code /pkix/}: {@code generate cmp}
 * (an IR with the challenge as shared secret, certConf), then forticron's renewal at {@code
 * auto-regenerate-days} with a KUR signed by the current certificate, and a CR with {@code
 * cmp-regeneration-method renewal}; a wrong password fails and keeps nothing.
 */
class ConsoleCmpTest extends ConsoleScriptTest {

  @TempDir Path dir;

  private static String generateCmp(String name, String password) {
    return "execute vpn certificate local generate cmp "
        + name
        + " 2048 10.5.149.111:80 pkix/ \"\" \"\" fgt-user "
        + password
        + " myvpn NL NH Amsterdam Fortinet\n";
  }

  @Test
  void irThenKurThenCrAgainstTheEmbeddedCa() throws Exception {
    try (Hypervisor hv = hypervisor(START)) {
      try (ConsoleSimulation sim = start(hv, settings(dir.resolve("fgt.conf"), false))) {
        String t =
            run(
                sim,
                "diagnose debug application cmp -1\ndiagnose debug enable\n"
                    + generateCmp("FGT_CMP", CHALLENGE));
        assertContainsAll(
            t,
            "Certificate FGT_CMP: enrolling with CMPV2 server http://10.5.149.111:80/pkix/\n",
            "Certificate FGT_CMP: enrolled, serial ",
            "cmp_send_msg()-205: sending ir, ",
            "cmp_recv_msg()-251: received ip, ",
            "cmp_send_msg()-205: sending certConf, ",
            "cmp_recv_msg()-251: received pkiConf, ");
        assertFalse(t.contains(CHALLENGE), "the shared secret is never printed:\n" + t);
        X509Certificate first = globalLocal(sim, "FGT_CMP");
        assertTrue(first.getSubjectX500Principal().getName().contains("CN=myvpn"));

        t =
            run(
                sim,
                """
                diagnose debug disable
                config vpn certificate local
                edit FGT_CMP
                set auto-regenerate-days 7
                next
                end
                show vpn certificate local FGT_CMP
                sim clock advance 359d
                execute log display
                """);
        assertContainsAll(
            t,
            "set enroll-protocol cmpv2\n",
            "set cmp-server \"10.5.149.111:80\"\n",
            "set cmp-path \"pkix/\"\n",
            "logid=\"0101041987\"");
        X509Certificate renewed = globalLocal(sim, "FGT_CMP");
        assertNotEquals(first.getSerialNumber(), renewed.getSerialNumber());
        assertNotEquals(first.getPublicKey(), renewed.getPublicKey(), "a key update: a new key");
        assertEquals(first.getSubjectX500Principal(), renewed.getSubjectX500Principal());
        assertEquals(1, count(sim, "kur"), sim.ca().accessLog().entries()::toString);

        run(
            sim,
            """
            config vpn certificate local
            edit FGT_CMP
            set cmp-regeneration-method renewal
            next
            end
            sim clock advance 359d
            """);
        X509Certificate third = globalLocal(sim, "FGT_CMP");
        assertNotEquals(renewed.getSerialNumber(), third.getSerialNumber());
        assertEquals(1, count(sim, "cr"), sim.ca().accessLog().entries()::toString);
        OpensslVerify.assertVerifies(
            dir, sim.ca().material().rootCert(), List.of(first), first.getNotBefore().toInstant());
        OpensslVerify.assertVerifies(
            dir,
            sim.ca().material().rootCert(),
            List.of(renewed, third),
            third.getNotBefore().toInstant());
        t = run(sim, "get vpn certificate local details FGT_CMP\n");
        assertContainsAll(
            t,
            "CMP details:\nState:       OK\n",
            "Server:      10.5.149.111:80 path pkix/\n",
            "Regenerate:  renewal\n");
      }
    }
  }

  @Test
  void aHeldIrIsPolledAtTheCheckAfterOnTheVirtualClockUntilApproved() throws Exception {
    ConsoleSimulation sim = sim();
    // The console settles the simulation before each sim control, so the approval meets the
    // request the CA holds, and the clock moves the appliance's polls.
    String t =
        run(
            "sim ca pending on\ndiagnose debug application cmp -1\ndiagnose debug enable\n"
                + generateCmp("FGT_HELD", CHALLENGE)
                + "sim clock advance 1m\nsim ca approve all\nsim clock advance 5m\n");
    assertContainsAll(
        t,
        "cmp_recv_msg()-251: received ip, ",
        "cmp_poll()-290: CA holds the request: pollReq in 30 s\n",
        "cmp_send_msg()-205: sending pollReq, ",
        "cmp_recv_msg()-251: received pollRep, ",
        "cmp_poll()-290: CA holds the request (waiting for approval): pollReq in 30 s\n",
        "Approved 1 request(s).\n",
        "cmp_recv_msg()-251: received pkiConf, ",
        "Certificate FGT_HELD: enrolled, serial ");
    assertTrue(
        t.indexOf("received pollRep") < t.indexOf("Approved 1 request(s)."),
        "polled while the CA held it:\n" + t);
    assertEquals(1, sim.ca().certificates().size());
    assertTrue(globalLocal(sim, "FGT_HELD").getSubjectX500Principal().getName().contains("myvpn"));
  }

  @Test
  void anIrSignedByAuthcertEnrollsASecondCertificate() throws Exception {
    ConsoleSimulation sim = sim();
    run(generateCmp("FGT_CMP", CHALLENGE));
    X509Certificate auth = globalLocal(sim, "FGT_CMP");
    String t =
        run(
            "diagnose debug application cmp -1\ndiagnose debug enable\n"
                + "execute vpn certificate local generate cmp FGT_SIGNED 2048"
                + " 10.5.149.111:80 pkix/ \"\" FGT_CMP \"\" \"\" second NL\n"
                + "execute vpn certificate local generate cmp FGT_NONE 2048"
                + " 10.5.149.111:80 pkix/ \"\" NO_SUCH \"\" \"\" third NL\n");
    assertContainsAll(
        t,
        "ir to http://10.5.149.111:80/pkix/, transaction ",
        ", signed by serial " + auth.getSerialNumber().toString(16) + "\n",
        "Certificate FGT_SIGNED: enrolled, serial ",
        "authcert NO_SUCH is not a local certificate with a key here");
    X509Certificate signed = globalLocal(sim, "FGT_SIGNED");
    assertTrue(signed.getSubjectX500Principal().getName().contains("CN=second"));
    assertEquals(2, count(sim, "ir"), sim.ca().accessLog().entries()::toString);
    assertEquals(auth, globalLocal(sim, "FGT_CMP"), "authcert itself stays as it was");
  }

  @Test
  void aWrongPasswordFailsWithBadMessageCheck() throws Exception {
    ConsoleSimulation sim = sim();
    String t = run(generateCmp("FGT_BAD", "wrong"));
    assertTrue(
        t.contains(
            "Certificate FGT_BAD: CMPV2 enrollment failed: CA refused the ir: failInfo"
                + " badMessageCheck (MAC does not verify (wrong secret))\n"),
        t);
    t = run("get vpn certificate local details FGT_BAD\nexecute log display\n");
    assertTrue(t.contains("CMP details:\nState:       FAILED\n"), t);
    assertTrue(t.contains("logid=\"0100022203\""), t);
    assertEquals(0, sim.ca().certificates().size());
  }

  /** CMP requests of that body type the CA granted or confirmed. */
  private static long count(ConsoleSimulation sim, String type) {
    return sim.ca().accessLog().entries().stream()
        .filter(e -> type.equals(e.messageType()) && e.result().startsWith("GRANTED"))
        .count();
  }
}
