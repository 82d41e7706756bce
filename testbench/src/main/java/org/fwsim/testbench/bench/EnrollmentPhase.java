package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cert.EnrollmentListener;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cmp.CmpServer;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.firmware.scep.client.ScepOutcome;
import org.fwsim.testbench.fleet.DevicePlan;
import org.fwsim.testbench.report.Progress;

/**
 * Enrolls every certificate of the fleet as an operator would: {@code execute vpn certificate local
 * generate} in each VDOM's CLI, then KB 420924's renewal settings on the entry; a window of them at
 * a time ({@link EnrollmentWindow}), so that each one's latency is its service time. Each
 * appliance's {@link EnrollmentListener} says, typed, whether {@code generate} started an
 * enrollment and how it ended. A failed try is counted by its {@link FailureKind} and asked again,
 * up to {@link #ATTEMPTS} tries per certificate.
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

  /** Whether the certificate's latest {@code generate} started an enrollment; mailbox only. */
  private final boolean[] started;

  /** Each appliance's listener, added on its mailbox before its first {@code generate}. */
  private final EnrollmentListener[] listeners;

  private final EnrollmentWindow window;

  /**
   * @param window certificates under way at once ({@link EnrollmentWindow#size})
   */
  EnrollmentPhase(StormFleet fleet, MeterRegistry registry, int window) {
    this.fleet = fleet;
    this.enroll = new PhaseRecorder("enroll", registry, fleet.wall);
    this.done = new CountDownLatch(fleet.certificates);
    this.begunAt = new long[fleet.certificates];
    this.tries = new byte[fleet.certificates];
    this.started = new boolean[fleet.certificates];
    this.listeners = new EnrollmentListener[fleet.devices()];
    this.window = new EnrollmentWindow(window, fleet.certificates, this::start);
  }

  /** The phase's recorder, to follow while it runs. */
  PhaseRecorder recorder() {
    return enroll;
  }

  /** Certificates under way at once from now on. */
  void resize(int newWindow) {
    window.resize(newWindow);
  }

  /** Enrolls the fleet and returns the phase's recorder once every certificate has finished. */
  PhaseRecorder run(Progress progress) throws Exception {
    enroll.start();
    Progress.Bar bar = progress.track("enroll", fleet.certificates, enroll);
    window.open();
    fleet.await(done, "enrollment");
    enroll.end();
    progress.finish(bar);
    List<CompletableFuture<Void>> removed = new ArrayList<>(fleet.devices());
    for (int i = 0; i < fleet.devices(); i++) {
      Firmware fw = fleet.firmware(i);
      EnrollmentListener l = listeners[i];
      if (l == null) {
        continue;
      }
      removed.add(
          fw.appliance()
              .call(
                  () -> {
                    fw.certificates().removeEnrollmentListener(l);
                    return null;
                  }));
    }
    fleet.await(CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new)));
    return enroll;
  }

  /**
   * Starts certificate {@code ordinal}: on its appliance's mailbox, the listener if it has none
   * yet, then a CLI session with the generate and the renewal settings.
   */
  private void start(int ordinal) {
    int device = ordinal / fleet.settings.vdoms();
    int k = ordinal - fleet.ordinal(device, 0);
    Firmware fw = fleet.firmware(device);
    fw.appliance()
        .execute(
            () -> {
              if (listeners[device] == null) {
                listeners[device] = new Listener(device);
                fw.certificates().addEnrollmentListener(listeners[device]);
                trustEstServer(device, fw);
              }
              begunAt[ordinal] = enroll.begin();
              generate(device, fw, fw.newSession(), k, false);
            });
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
    started[ordinal] = false;
    String challenge = fleet.challenge;
    String subject = d.devname() + "-" + vdom;
    String generate =
        (retry ? "config vpn certificate local\ndelete " + name + "\nend\n" : "")
            + switch (fleet.settings.protocol()) {
              case EST -> generateEst(name, subject, challenge);
              case CMPV2 -> generateCmp(name, subject, challenge);
              default ->
                  "execute vpn certificate local generate "
                      + words(name)
                      + " "
                      + subject
                      + " US CA Sunnyvale Fortinet fwsim \"\" \"\" "
                      + fleet.caUrl
                      + " "
                      + (challenge.isEmpty() ? "\"\"" : challenge);
            };
    // generate leaves the session inside the VDOM: the settings below run there, then leave it.
    String answer = cli.run(multi ? StormFleet.enterVdom(vdom) + generate : generate);
    if (!started[ordinal]) {
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

  /**
   * {@code generate est} with HTTP basic {@code est:<challenge>}; the server is verified by the CA
   * bundle that {@link #trustEstServer} filled.
   */
  private String generateEst(String name, String subject, String challenge) {
    String key = fleet.settings.generateKeyWords().split(" ")[1];
    return "execute vpn certificate local generate est "
        + name
        + " "
        + key
        + " "
        + subject
        + " US CA Sunnyvale Fortinet fwsim \"\" \"\" "
        + fleet.caUrl
        + " \"\" "
        + (challenge.isEmpty() ? "\"\" \"\"" : "est " + challenge);
  }

  /**
   * {@code generate cmp}: an IR MAC-protected with the challenge as shared secret (reference {@code
   * storm}), no {@code cmp-server-cert} (the CA's ip offers its root as caPubs, which the appliance
   * imports), then the subject in {@code generate rsa}'s positions.
   */
  private String generateCmp(String name, String subject, String challenge) {
    CmpServer server = CmpServer.fromUrl(fleet.caUrl);
    return "execute vpn certificate local generate cmp "
        + name
        + " "
        + fleet.settings.keyType().bits()
        + " "
        + server.hostPort()
        + " "
        + server.path()
        + " \"\" \"\" storm "
        + challenge
        + " "
        + subject
        + " US CA Sunnyvale Fortinet fwsim \"\"";
  }

  /**
   * With EST, on the appliance's mailbox before its first {@code generate}: the CA certificate that
   * verifies the EST server, in its first VDOM's {@code config vpn certificate ca} (range global,
   * so every VDOM's CA bundle has it).
   */
  private void trustEstServer(int device, Firmware fw) {
    if (fleet.caPem == null) {
      return;
    }
    DevicePlan d = fleet.device(device);
    boolean multi = d.vdoms().size() > 1;
    String answer =
        fw.newSession()
            .run(
                (multi ? StormFleet.enterVdom(d.vdoms().get(0)) : "")
                    + "config vpn certificate ca\nedit EST_CA\nset ca \""
                    + fleet.caPem.strip()
                    + "\"\nnext\nend"
                    + (multi ? "\nend" : ""));
    if (answer.contains("Command fail")) { // entering the VDOM prints its name: not news
      fleet.say(d.devname() + ": " + answer.strip());
    }
  }

  private String words(String name) {
    String[] k = fleet.settings.generateKeyWords().split(" ");
    return k[0] + " " + name + " " + k[1];
  }

  /** Hears one appliance's enrollments, on its mailbox. */
  private final class Listener implements EnrollmentListener {
    private final int device;

    Listener(int device) {
      this.device = device;
    }

    @Override
    public void started(String vdom, String certificate) {
      int ordinal = fleet.ordinal(device, certificate);
      if (ordinal >= 0) {
        started[ordinal] = true;
      }
    }

    @Override
    public void ended(String vdom, ScepOutcome outcome) {
      int ordinal = fleet.ordinal(device, outcome.certificate());
      if (ordinal >= 0) {
        tryEnded(device, ordinal, outcome);
      }
    }
  }

  /** An enrollment try of certificate {@code ordinal} ended: done, or asked again. */
  private void tryEnded(int device, int ordinal, ScepOutcome outcome) {
    if (outcome.issued()) {
      finish(ordinal, true, null);
      return;
    }
    boolean last = tries[ordinal] >= ATTEMPTS;
    String kind = outcome.failure().label();
    if (fleet.showFailure()) {
      fleet.say(
          fleet.device(device).devname()
              + ": "
              + outcome.certificate()
              + ": enrollment failed: "
              + outcome.reason()
              + (last ? "" : " (trying again)"));
    }
    if (last) {
      finish(ordinal, false, kind);
    } else {
      // The try failed, the certificate is still under way: counted, then asked again.
      enroll.failedTry(kind, fleet.wall.nanos() - begunAt[ordinal]);
      Firmware fw = fleet.firmware(device);
      int k = ordinal - fleet.ordinal(device, 0);
      fw.appliance().execute(() -> generate(device, fw, fw.newSession(), k, true));
    }
  }

  private void finish(int ordinal, boolean ok, String kind) {
    if (ok) {
      enroll.succeeded(begunAt[ordinal]);
    } else {
      enroll.failed(kind, begunAt[ordinal]);
    }
    done.countDown();
    window.release();
  }
}
