package org.fwsim.firmware.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.Trace;
import org.junit.jupiter.api.Test;

/**
 * The seed article KB-420924 reproduced: a certificate FAC_SCEP expiring 2025-11-27 03:57:32 GMT
 * with {@code auto-regenerate-days 2} and {@code -warning 2}; forticron's trace when cert_upd fires
 * and {@code diagnose test application forticron 2} afterwards.
 */
class ForticronSeedTest {

  static final Instant NOT_AFTER = Instant.parse("2025-11-27T03:57:32Z");
  static final String URL = "http://10.5.149.111/app/cert/scep/";

  static CronCertificate facScep() {
    return TestCronCertificate.local("FAC_SCEP", NOT_AFTER)
        .withDays(2, 2)
        .withScep(URL, "fortinet")
        .build();
  }

  @Test
  void certUpdTraceMatchesTheSeedLineForLine() throws IOException {
    // The seed's HTTP Date; the renewal point (notAfter - 2 days) is 16 hours later.
    try (CronRig rig = new CronRig(Instant.parse("2025-11-24T11:31:35Z"))) {
      Trace scep = rig.debug.trace(DebugApplication.FORTICRON);
      // The SCEP client's own lines, printed where the real one prints them, so the test
      // checks that forticron calls it between its 824 and 858 lines and starts it after.
      rig.renewer.onRenew =
          c -> {
            scep.line("scep_cert_init", 764, "Hostname: 10.5.149.111");
            scep.line("scep_cert_init", 765, "Directory: /app/cert/scep/");
            scep.line("scep_cert_init", 766, "Port: 80(http)");
            scep.line(
                "scep_cert_init",
                784,
                "cert&pkey loaded using %sVDOM%d",
                c.name(),
                c.identity().vfid());
          };
      rig.renewer.onStart =
          c -> {
            scep.line("scep_start", 743, "resolve 10.5.149.111");
            scep.line("scep_resolv_cb", 736, "IP of scep-10.5.149.111 is 10.5.149.111");
            scep.line("scep_start_connect", 682);
            scep.line("fcron_cert_bind_interface", 784);
            scep.line(
                "fcron_cert_bind_interface", 790, "bind to interface 0 for 0.0.0.0->10.5.149.111.");
          };
      rig.renewer.mode = FakeRenewer.Mode.SILENT;
      rig.update(facScep());
      rig.traceOn();
      rig.sink.clear();

      rig.runUntil(NOT_AFTER.minusSeconds(2 * 86_400));

      assertEquals(seed("kb-420924-forticron-trace.txt"), rig.sink.lines());
      assertEquals(List.of(Instant.parse("2025-11-25T03:57:32Z")), rig.renewer.calls);
    }
  }

  @Test
  void diagnoseTestForticron2MatchesTheSeed() throws IOException {
    try (CronRig rig = new CronRig(Instant.parse("2025-11-24T11:31:35Z"))) {
      // The seed's appliance is on Pacific Time (FortiOS's factory timezone 04): its
      // warning_time 19:57:32 is notAfter - 2 days = 03:57:32 GMT shown in GMT-8.
      rig.run(
          () ->
              rig.cron.settings(
                  new CronSettings(
                      CronSettings.DEFAULTS.certExpireWarningDays(),
                      ZoneId.of("America/Los_Angeles"))));
      rig.renewer.mode = FakeRenewer.Mode.SILENT;
      rig.update(facScep());
      assertEquals(
          List.of(
              "Name-FAC_SCEP: type=local, realm=global, days=2, days_warn=2, source=0.0.0.0,"
                  + " warning_logged=0",
              "\tscep=" + URL),
          rig.diagnose("2"));

      rig.runUntil(Instant.parse("2025-11-25T04:00:00Z"));

      List<String> printed = rig.diagnose("2");
      List<String> seed = seed("kb-420924-forticron-2.txt");
      // The seed's last line is the GUI certificate's timer, which fwsim does not model.
      assertEquals(
          seed.subList(0, 3), printed.stream().map(ForticronSeedTest::expandTabs).toList());
      assertEquals('\t', printed.get(1).charAt(0), "FortiOS indents with a tab");
    }
  }

  /** The seed lines after the comment line of a test resource. */
  static List<String> seed(String resource) throws IOException {
    try (InputStream in = ForticronSeedTest.class.getResourceAsStream("/cron/" + resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.startsWith("# ")).toList();
    }
  }

  /** What a terminal shows: tab stops every 8 columns. */
  static String expandTabs(String line) {
    StringBuilder sb = new StringBuilder();
    for (char ch : line.toCharArray()) {
      if (ch == '\t') {
        do {
          sb.append(' ');
        } while (sb.length() % 8 != 0);
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
