package org.fwsim.testbench.console;

import static org.fwsim.hal.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.hal.Hypervisor;
import org.fwsim.testbench.ca.OpensslVerify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate life cycle as a console user sees it, against the embedded CA on a 0-worker
 * hypervisor: generate, details, the seed's renewal settings (KB-420924), simulated time past the
 * warning and renewal points, the event log, {@code diagnose test application forticron 2}, a
 * failing enrollment, and a restart from the autosaved configuration file.
 *
 * <p>Each {@code run} is one script; the console waits at its end for the work it started
 * (enrollments, renewals), which keeps the transcript deterministic.
 */
class CertificateConsoleTest extends ConsoleScriptTest {

  private static final Pattern SERIAL = Pattern.compile("Serial Num:  (\\S+)\n");

  @TempDir Path dir;

  @Override
  String run(ConsoleSimulation sim, String script) throws Exception {
    String t = super.run(sim, script);
    assertTrue(!t.contains("work still in flight"), t);
    return t;
  }

  @Test
  void enrollWarnRenewRestart() throws Exception {
    Path file = dir.resolve("fgt.conf");
    ConsoleSimulation.Settings settings = settings(file, true);
    try (Hypervisor hv = hypervisor(START)) {
      try (ConsoleSimulation sim = start(hv, settings)) {
        String t = run(sim, generate("rsa FAC_SCEP 2048 myvpn", "admin@example.com", CHALLENGE));
        assertTrue(
            t.contains(
                "Certificate FAC_SCEP: enrolling with SCEP server http://10.5.149.111/app/cert/scep/\n"),
            t);
        assertTrue(t.contains("Certificate FAC_SCEP: enrolled, serial "), t);

        t =
            run(
                sim,
                "get vpn certificate local details FAC_SCEP\nshow vpn certificate local FAC_SCEP\n");
        assertTrue(
            t.contains(
                "== [ FAC_SCEP ]\nName:        FAC_SCEP\n"
                    + "Subject:     C = NL, ST = NH, L = Amsterdam, O = Fortinet, CN = myvpn,"
                    + " emailAddress = admin@example.com\n"),
            t);
        assertContainsAll(
            t,
            "Valid to:    2027-11-23 10:00:00  GMT\n",
            "State:       OK\n",
            "set password ENC ",
            "set certificate \"-----BEGIN CERTIFICATE-----",
            "set private-key \"-----BEGIN ENCRYPTED PRIVATE KEY-----",
            "set enroll-protocol scep\n");
        String firstSerial = serial(t);

        // KB-420924's renewal settings, then 352 days: 13 days left, past the 14-day warning.
        t =
            run(
                sim,
                """
                        config vpn certificate local
                        edit FAC_SCEP
                        set auto-regenerate-days 7
                        set auto-regenerate-days-warning 14
                        next
                        end
                        sim clock advance 352d
                        execute log display
                        diagnose test application forticron 2
                        """);
        assertTrue(t.contains("logid=\"0100022200\""), t);
        assertEquals(1, count(t, "logid=\"0100022205\""), t); // the enrollment's, no renewal yet
        assertTrue(
            t.contains(
                "Name-FAC_SCEP: type=local, realm=global, days=7, days_warn=14, source=0.0.0.0,"
                    + " warning_logged=1\n\tscep=http://10.5.149.111/app/cert/scep/\n"
                    + "\twarning_time=2027-11-10 02:00:00\n"),
            t);

        // 7 more days: 6 left, past auto-regenerate-days: forticron renews over SCEP.
        t = run(sim, "sim clock advance 7d\n");
        t =
            run(
                sim,
                "execute log display\nget vpn certificate local details FAC_SCEP\n"
                    + "diagnose test application forticron 2\n");
        assertEquals(2, count(t, "logid=\"0100022205\""), t);
        assertEquals(2, count(t, "logid=\"0101041987\""), t);
        assertTrue(t.contains("Valid to:    2028-11-16 10:00:00  GMT\n"), t);
        String renewedSerial = serial(t);
        assertNotEquals(firstSerial, renewedSerial);
        assertTrue(t.contains("warning_logged=0"), t);

        // A wrong challenge fails clearly and leaves FAC_SCEP as it is.
        t = run(sim, generate("rsa OTHER 2048 other", "\"\"", "wrong-challenge"));
        assertTrue(
            t.contains(
                "Certificate OTHER: SCEP enrollment failed: CA answered FAILURE, failInfo"
                    + " badRequest (challengePassword wrong or already used)\n"),
            t);
        t = run(sim, "get vpn certificate local details\n");
        assertTrue(t.contains("Serial Num:  " + renewedSerial + "\n"), t);
        assertTrue(
            t.contains("== [ OTHER ]\nName:        OTHER\nSCEP details:\nState:       FAILED\n"),
            t);

        String saved = Files.readString(file);
        assertTrue(
            saved.contains("set private-key \"-----BEGIN ENCRYPTED PRIVATE KEY-----"), saved);

        // Restart from the saved file (the CA keeps running): same certificate, same schedule.
        ConsoleSimulation.Settings d = ConsoleSimulation.Settings.defaults();
        ConsoleSimulation.Settings again =
            new ConsoleSimulation.Settings(
                file,
                true,
                ConsoleSimulation.CA_URL,
                null,
                d.hostname(),
                "FGVM01TM26000002",
                d.commandTimeout());
        bytes.reset();
        try (ConsoleSimulation restarted =
            ConsoleSimulation.start(again, hv, hv::runUntilIdle, out)) {
          t =
              run(
                  restarted,
                  "get vpn certificate local details FAC_SCEP\n"
                      + "diagnose test application forticron 2\n");
          assertEquals(renewedSerial, serial(t));
          assertTrue(t.contains("FAC_SCEP: type=local, realm=global, days=7, days_warn=14"), t);
        }
      }
    }
  }

  /**
   * {@code generate ec} as a console user types it: the same SCEP trace as RSA, an EC certificate
   * from the embedded CA, then forticron's renewal with {@code scep-password} set (a password-based
   * reply); both certificates pass {@code openssl verify} against the CA.
   */
  @Test
  void generateEcEnrollsAgainstTheEmbeddedCaAndRenews() throws Exception {
    ConsoleSimulation.Settings settings = settings(dir.resolve("fgt-ec.conf"), false);
    try (Hypervisor hv = hypervisor(START)) {
      try (ConsoleSimulation sim = start(hv, settings)) {
        String t = run(sim, generate("ec FAC_EC secp999r1 myvpn", "\"\"", CHALLENGE));
        assertTrue(
            t.contains(
                "unsupported EC curve 'secp999r1' (secp256r1, secp384r1 or secp521r1)\n"
                    + "Command fail. Return code -61\n"),
            t);

        t =
            run(
                sim,
                "diagnose debug application scep -1\ndiagnose debug enable\n"
                    + generate("ec FAC_EC secp256r1 myvpn", "admin@example.com", CHALLENGE));
        assertTrue(t.contains("Certificate FAC_EC: enrolled, serial "), t);
        for (String line :
            new String[] {
              "__process_ca_cert_reply: loaded cacert\n",
              "new_scep_transaction: transaction id: ",
              "pkcs7_wrap: successfully encrypted payload\n",
              "pkcs7_unwrap: signature ok\n",
              "pkcs7_unwrap: pkistatus: SUCCESS\n",
              "scep_write_local_cert: certificate written as /tmp/FAC_EC\n"
            }) {
          assertTrue(t.contains(line), line + " missing from:\n" + t);
        }
        assertTrue(!t.contains("SCEP request is failed"), t);

        t = run(sim, "diagnose debug disable\nget vpn certificate local details FAC_EC\n");
        assertTrue(t.contains("Key type:    EC (secp256r1)\n"), t);
        String firstSerial = serial(t);
        X509Certificate first = globalLocal(sim, "FAC_EC");

        t =
            run(
                sim,
                """
                        config vpn certificate local
                        edit FAC_EC
                        set auto-regenerate-days 7
                        next
                        end
                        sim clock advance 359d
                        """);
        t = run(sim, "get vpn certificate local details FAC_EC\n");
        assertNotEquals(firstSerial, serial(t));
        assertTrue(t.contains("Key type:    EC (secp256r1)\n"), t);
        X509Certificate renewed = globalLocal(sim, "FAC_EC");
        assertNotEquals(first.getPublicKey(), renewed.getPublicKey(), "a new EC key");
        // The FortiOS flow renews with a PKCSReq signed by the current certificate (KB-420924).
        assertEquals(
            2,
            sim.ca().accessLog().entries().stream()
                .filter(e -> "PKCSReq".equals(e.messageType()) && "SUCCESS".equals(e.result()))
                .count(),
            () -> sim.ca().accessLog().entries().toString());
        // At the renewal's virtual time, when both are valid (the first expires six days later).
        OpensslVerify.assertVerifies(
            dir,
            sim.ca().material().rootCert(),
            List.of(first, renewed),
            renewed.getNotBefore().toInstant());
      }
    }
  }

  /** The global local certificate {@code name} as the appliance holds it now. */
  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static String serial(String transcript) {
    Matcher m = SERIAL.matcher(transcript);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    assertTrue(last != null, transcript);
    return last;
  }
}
