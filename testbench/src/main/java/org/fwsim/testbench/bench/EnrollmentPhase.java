package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.testbench.fleet.DevicePlan;
import org.fwsim.testbench.report.Progress;

/**
 * Enrolls every certificate of the fleet as an operator would: {@code execute vpn certificate local
 * generate} in each VDOM's CLI, then KB 420924's renewal settings on the entry. A failed try is
 * counted and asked again, up to {@link #ATTEMPTS} tries per certificate.
 */
final class EnrollmentPhase {

  /** Matches {@code set auto-regenerate-days} below. */
  static final int AUTO_REGENERATE_DAYS = 7;

  /**
   * Tries per certificate. A CA that fails part of a burst (micromdm's file depot under concurrent
   * requests) has the failed ones asked again, as an operator would run {@code generate} again;
   * each failed try counts as one enrollment failure.
   */
  static final int ATTEMPTS = 3;

  private final StormFleet fleet;
  private final PhaseRecorder enroll;
  private final CountDownLatch done;
  private final long[] begunAt;

  /** Tries so far per certificate; touched on its appliance's mailbox only. */
  private final byte[] tries;

  EnrollmentPhase(StormFleet fleet, MeterRegistry registry) {
    this.fleet = fleet;
    this.enroll = new PhaseRecorder("enroll", registry, fleet.wall);
    this.done = new CountDownLatch(fleet.certificates);
    this.begunAt = new long[fleet.certificates];
    this.tries = new byte[fleet.certificates];
  }

  /** Enrolls the fleet and returns the phase's recorder once every certificate has finished. */
  PhaseRecorder run(Progress progress) throws Exception {
    enroll.start();
    Progress.Bar bar = progress.track("enroll", fleet.certificates, enroll);
    for (int i = 0; i < fleet.devices(); i++) {
      int device = i;
      Firmware fw = fleet.firmware(i);
      fw.setConsoleSink(line -> consoleLine(device, line));
      fw.appliance().execute(() -> enrollDevice(device, fw));
    }
    fleet.await(done, "enrollment");
    enroll.end();
    progress.finish(bar);
    for (Firmware fw : fleet.firmware()) {
      fw.setConsoleSink(null);
    }
    return enroll;
  }

  /** On the appliance's mailbox: one CLI session, a generate per VDOM, the renewal settings. */
  private void enrollDevice(int device, Firmware fw) {
    DevicePlan d = fleet.device(device);
    CliSession cli = fw.newSession();
    for (int k = 0; k < d.vdoms().size(); k++) {
      begunAt[fleet.ordinal(device, k)] = enroll.begin();
      generate(device, fw, cli, k, false);
    }
  }

  /**
   * On the mailbox: {@code generate} for VDOM {@code k}, then KB 420924's renewal settings on the
   * entry it made. A retry deletes the entry the failed try left (state FAILED) first, as {@code
   * generate} refuses a name that exists.
   */
  private void generate(int device, Firmware fw, CliSession cli, int k, boolean retry) {
    DevicePlan d = fleet.device(device);
    boolean multi = d.vdoms().size() > 1;
    String vdom = d.vdoms().get(k);
    String name = StormFleet.certificateName(vdom);
    int ordinal = fleet.ordinal(device, k);
    tries[ordinal]++;
    String challenge = fleet.challenge;
    String generate =
        (retry ? "config vpn certificate local\ndelete " + name + "\nend\n" : "")
            + "execute vpn certificate local generate "
            + words(name)
            + " "
            + d.devname()
            + "-"
            + vdom
            + " US CA Sunnyvale Fortinet fwsim \"\" \"\" "
            + fleet.caUrl
            + " "
            + (challenge.isEmpty() ? "\"\"" : challenge);
    // generate leaves the session inside the VDOM: the settings below run there, then leave it.
    String answer = cli.run(multi ? StormFleet.enterVdom(vdom) + generate : generate);
    if (!answer.contains(": enrolling with SCEP server")) {
      finish(ordinal, false, "cli-refused");
      fleet.say(d.devname() + " " + vdom + ": " + answer.strip());
    }
    String after =
        cli.run(
            "config vpn certificate local\nedit "
                + name
                + "\nset auto-regenerate-days "
                + AUTO_REGENERATE_DAYS
                + "\nset auto-regenerate-days-warning 14\nnext\nend"
                + (multi ? "\nend" : ""));
    if (!after.isBlank()) {
      fleet.say(d.devname() + " " + vdom + ": " + after.strip());
    }
  }

  private String words(String name) {
    String[] k = fleet.settings.generateKeyWords().split(" ");
    return k[0] + " " + name + " " + k[1];
  }

  /** The console line that {@code generate} prints when the enrollment ends. */
  private void consoleLine(int device, String line) {
    String prefix = "Certificate " + StormFleet.CERT_PREFIX;
    if (!line.startsWith(prefix)) {
      return;
    }
    int colon = line.indexOf(':');
    String vdom = line.substring(prefix.length(), colon);
    int k = fleet.device(device).vdoms().indexOf(vdom);
    if (k < 0) {
      return;
    }
    int ordinal = fleet.ordinal(device, k);
    if (line.contains(": enrolled, serial")) {
      finish(ordinal, true, null);
    } else if (line.contains("enrollment failed")) {
      boolean last = tries[ordinal] >= ATTEMPTS;
      if (fleet.showFailure()) {
        fleet.say(fleet.device(device).devname() + ": " + line + (last ? "" : " (trying again)"));
      }
      if (last) {
        finish(ordinal, false, FailureKinds.kindOf(line));
      } else {
        // The try failed, the certificate is still under way: counted, then asked again.
        enroll.recordFailure(FailureKinds.kindOf(line), fleet.wall.nanos() - begunAt[ordinal]);
        Firmware fw = fleet.firmware(device);
        fw.appliance().execute(() -> generate(device, fw, fw.newSession(), k, true));
      }
    }
  }

  private void finish(int ordinal, boolean ok, String kind) {
    if (ok) {
      enroll.succeeded(begunAt[ordinal]);
    } else {
      enroll.failed(kind, begunAt[ordinal]);
    }
    done.countDown();
  }
}
