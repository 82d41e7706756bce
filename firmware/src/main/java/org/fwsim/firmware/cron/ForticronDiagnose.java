package org.fwsim.firmware.cron;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fwsim.hal.net.Ip4;

/**
 * {@code diagnose test application forticron [n]}.
 *
 * <p>Option 2 follows the seed (KB-420924) byte for byte. INFERENCE: the menu and options 1 and 3
 * are fwsim's; the FortiOS menu is not in any source found (fortios.md §12 question 1).
 */
final class ForticronDiagnose {

  /**
   * The seed shows 8 spaces before {@code scep=} and {@code warning_time=}: exactly one tab stop
   * from column 0, which is what a terminal copy makes of a tab. FortiOS prints a tab.
   */
  static final String INDENT = "\t";

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  static final List<String> MENU =
      List.of(
          "1. Show the cert_upd timer and counters",
          "2. Show certificates scheduled for update",
          "3. Show certificate renewals in progress or retrying");

  private final Forticron cron;

  ForticronDiagnose(Forticron cron) {
    this.cron = cron;
  }

  List<String> run(List<String> words) {
    if (words.isEmpty()) {
      return MENU;
    }
    if (words.size() > 1) {
      throw new IllegalArgumentException(
          "diagnose test application forticron: one option expected, got "
              + String.join(" ", words));
    }
    int option;
    try {
      option = Integer.parseInt(words.get(0));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "diagnose test application forticron: option must be a number"
              + " (1-"
              + MENU.size()
              + "), got '"
              + words.get(0)
              + "'",
          e);
    }
    return switch (option) {
      case 1 -> status();
      case 2 -> scheduled();
      case 3 -> renewals();
      default ->
          throw new IllegalArgumentException(
              "diagnose test application forticron: no option "
                  + option
                  + " (1-"
                  + MENU.size()
                  + ")");
    };
  }

  /**
   * Option 2, the seed's shape. The seed's last line ({@code GUI SSL cert timer: 76433,
   * total_updates: 1, last_updated: ...}) belongs to the timer of the self-signed GUI HTTPS
   * certificate, which fwsim does not model, so it is left out; option 1 shows forticron's own
   * {@code total_updates}/{@code last_updated}.
   */
  List<String> scheduled() {
    List<String> out = new ArrayList<>();
    for (ScheduledCert s : cron.states()) {
      CronCertificate c = s.cert;
      RenewalSettings r = c.renewal();
      if (!r.watched()) {
        continue;
      }
      out.add(
          "Name-"
              + c.name()
              + ": type="
              + c.identity().type().cliName()
              + ", realm="
              + c.identity().range().cliName()
              + ", days="
              + r.days()
              + ", days_warn="
              + r.daysWarn()
              + ", source="
              + Ip4.toString(r.sourceIp())
              + ", warning_logged="
              + (s.warningLogged ? 1 : 0));
      if (!r.serverUrl().isEmpty()) {
        // The seed's key is scep=; an entry renewed over another protocol names that one.
        out.add(INDENT + CronTrace.protocol(c) + "=" + r.serverUrl());
      }
      if (s.warningLogged) {
        out.add(INDENT + "warning_time=" + local(s.warningTime));
      }
    }
    return out;
  }

  private List<String> status() {
    long now = cron.now();
    List<String> out = new ArrayList<>();
    out.add(
        cron.nextRun()
            .map(
                t ->
                    "cert_upd timer: "
                        + CronLog.gmt(t)
                        + " (in "
                        + Math.max(0, (t.toEpochMilli() - now) / 1000)
                        + "s)")
            .orElse("cert_upd timer: not armed"));
    int scheduled = 0;
    int retrying = 0;
    for (ScheduledCert s : cron.states()) {
      scheduled += s.cert.renewal().watched() ? 1 : 0;
      retrying += !s.inFlight() && s.failures > 0 ? 1 : 0;
    }
    out.add(
        "certificates: "
            + cron.certificateCount()
            + ", scheduled: "
            + scheduled
            + ", renewing: "
            + cron.inFlightCount()
            + ", retrying: "
            + retrying);
    out.add(
        "total_updates: "
            + cron.totalUpdates()
            + ", last_updated: "
            + (cron.lastUpdated() == 0 ? "never" : local(cron.lastUpdated()))
            + ", renewals_started: "
            + cron.renewalsStarted());
    out.add("cert-expire-warning: " + cron.settings().certExpireWarningDays() + " days");
    return out;
  }

  private List<String> renewals() {
    List<String> out = new ArrayList<>();
    for (ScheduledCert s : cron.states()) {
      if (!s.inFlight() && s.failures == 0 && !s.expired) {
        continue;
      }
      String state =
          s.inFlight()
              ? (s.pendingLogged ? "pending" : "running")
              : s.failures > 0 ? "retry" : "expired";
      StringBuilder line =
          new StringBuilder("Name-")
              .append(s.cert.name())
              .append(": state=")
              .append(state)
              .append(", failures=")
              .append(s.failures)
              .append(", expired=")
              .append(s.expired ? 1 : 0);
      if (s.inFlight()) {
        line.append(", give_up_at=").append(CronLog.gmt(s.watchdogAt));
      } else if (s.failures > 0 && s.cert.autoRenews()) {
        line.append(", next_attempt=").append(CronLog.gmt(s.retryAt));
      }
      out.add(line.toString());
    }
    return out;
  }

  private String local(long millis) {
    return LOCAL.format(Instant.ofEpochMilli(millis).atZone(cron.settings().timezone()));
  }
}
