package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cert.EnrollmentListener;
import org.fwsim.firmware.cert.PemCodec;
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
 * up to {@link #ATTEMPTS} tries per certificate. When no try has ended for {@link #STALL}, the
 * certificates in flight are reported one by one with where they are, and given up as {@link
 * #STUCK}, rather than waited for until {@code --timeout}.
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

  /**
   * How long no try may end while certificates are in flight. A try of an admitted transaction ends
   * within its steps' bounds (connect and reply, 30 s each; three steps at most), and one waiting
   * for a place gets one as soon as any of those ends: three minutes without a single end is not a
   * slow CA but certificates that will not end by themselves.
   */
  static final Duration STALL = Duration.ofMinutes(3);

  /** The failure kind of a certificate given up after {@link #STALL}. */
  static final String STUCK = "stuck";

  /** How often the phase looks at its progress while it waits. */
  private static final Duration LOOK_EVERY = Duration.ofSeconds(1);

  /** Certificates of a stall described one by one; the others are counted. */
  private static final int STUCK_SHOWN = 20;

  /** How long a stall report waits for the appliances to say where their certificates are. */
  private static final Duration STATE_WAIT = Duration.ofSeconds(10);

  /** Where a certificate is ({@link #stage}): not started yet. */
  private static final int WAITING = 0;

  /** Its {@code generate} is posted to its appliance and has not run. */
  private static final int POSTED = 1;

  /** {@code generate} started its enrollment: a try is under way. */
  private static final int ENROLLING = 2;

  /** A try failed and the next {@code generate} is posted and has not run. */
  private static final int RETRY_POSTED = 3;

  /** Ended: issued, failed its last try, or given up. */
  private static final int ENDED = 4;

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
   * Where each certificate is: {@link #WAITING} to {@link #ENDED}, written on its appliance's
   * mailbox and read by the stall report; a certificate ends once ({@link #finish}).
   */
  private final AtomicIntegerArray stage;

  private final StallWatch stall;

  /**
   * @param window certificates under way at once ({@link EnrollmentWindow#size})
   */
  EnrollmentPhase(StormFleet fleet, MeterRegistry registry, int window) {
    this(fleet, registry, window, STALL);
  }

  /**
   * @param stall how long no try may end before the certificates in flight are given up
   */
  EnrollmentPhase(StormFleet fleet, MeterRegistry registry, int window, Duration stall) {
    this.fleet = fleet;
    this.enroll = new PhaseRecorder("enroll", registry, fleet.wall);
    this.done = new CountDownLatch(fleet.certificates);
    this.begunAt = new long[fleet.certificates];
    this.tries = new byte[fleet.certificates];
    this.started = new boolean[fleet.certificates];
    this.listeners = new EnrollmentListener[fleet.devices()];
    this.window = new EnrollmentWindow(window, fleet.certificates, this::start);
    this.stage = new AtomicIntegerArray(fleet.certificates);
    this.stall = new StallWatch(stall);
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
    awaitEnded();
    enroll.end();
    progress.finish(bar);
    if (fleet.settings.acme().dnsListen() != null && enroll.failed() + enroll.failedTries() > 0) {
      fleet.say(fleet.acme.diagnosis(fleet.settings.acme()));
    }
    List<CompletableFuture<Void>> removed = new ArrayList<>(fleet.devices());
    for (int i = 0; i < fleet.devices(); i++) {
      Firmware fw = fleet.firmware(i);
      EnrollmentListener l = listeners[i];
      if (l == null) {
        continue;
      }
      removed.add(fw.appliance().run(() -> fw.certificates().removeEnrollmentListener(l)));
    }
    fleet.await(CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new)));
    return enroll;
  }

  /**
   * Waits up to {@code --timeout} for every certificate to end; when no try has ended for the stall
   * bound, gives up those in flight ({@link #giveUpStuck}) and waits for the rest.
   */
  private void awaitEnded() throws TimeoutException, InterruptedException {
    long timeout = fleet.settings.timeout().toNanos();
    long from = fleet.wall.nanos();
    stall.stalled(0, from);
    while (!done.await(LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
      long now = fleet.wall.nanos();
      if (stall.stalled(enroll.ok() + enroll.failed() + enroll.failedTries(), now)) {
        giveUpStuck(stall.still(now));
        continue; // those left are waiting to start: the watch starts again
      }
      if (now - from >= timeout) {
        throw fleet.unfinished(done, "enrollment");
      }
    }
  }

  /**
   * No try ended for {@code still}: says which certificates are in flight and where each is (asked
   * of its appliance, on its mailbox), then counts each as failed ({@link #STUCK}), so the run goes
   * on and the results say so.
   */
  private void giveUpStuck(Duration still) throws InterruptedException {
    List<Integer> stuck = new ArrayList<>();
    for (int i = 0; i < fleet.certificates; i++) {
      int at = stage.get(i);
      if (at != WAITING && at != ENDED) {
        stuck.add(i);
      }
    }
    if (stuck.isEmpty()) {
      return;
    }
    List<Integer> shown = stuck.subList(0, Math.min(STUCK_SHOWN, stuck.size()));
    List<CompletableFuture<String>> states = new ArrayList<>(shown.size());
    for (int ordinal : shown) {
      states.add(whereIs(ordinal));
    }
    fleet.say(
        "enrollment stalled: no try ended for "
            + still.toSeconds()
            + " s; "
            + stuck.size()
            + " certificate(s) in flight are given up as '"
            + STUCK
            + "'"
            + (stuck.size() > shown.size() ? ", the first " + shown.size() + ":" : ":"));
    try { // in real time, whatever clock the run reads
      CompletableFuture.allOf(states.toArray(CompletableFuture[]::new))
          .get(STATE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // each one says below whether it answered
    }
    for (int n = 0; n < shown.size(); n++) {
      CompletableFuture<String> f = states.get(n);
      String state =
          !f.isDone()
              ? "its appliance did not answer within " + STATE_WAIT.toSeconds() + " s"
              : f.handle((s, e) -> e == null ? s : "cannot tell: " + e).join();
      fleet.say("  " + certificate(shown.get(n)) + ": " + state);
    }
    for (int ordinal : stuck) {
      finish(ordinal, false, STUCK);
    }
  }

  /** Certificate {@code ordinal} as the report names it: device, VDOM, entry and try. */
  private String certificate(int ordinal) {
    int device = ordinal / fleet.settings.vdoms();
    String vdom = vdomOf(ordinal);
    return fleet.device(device).devname()
        + " "
        + vdom
        + " "
        + StormFleet.certificateName(vdom)
        + ", try "
        + Math.max(1, tries[ordinal]);
  }

  /** Where certificate {@code ordinal} is: its stage here, then what its appliance says. */
  private CompletableFuture<String> whereIs(int ordinal) {
    int at = stage.get(ordinal);
    if (at == POSTED || at == RETRY_POSTED) {
      // Its generate has not run: the appliance's mailbox is behind, or never ran it.
      return CompletableFuture.completedFuture(
          (at == POSTED ? "generate" : "the next try's generate")
              + " posted to its appliance and not run");
    }
    String vdom = vdomOf(ordinal);
    Firmware fw = fleet.firmware(ordinal / fleet.settings.vdoms());
    return fw.appliance()
        .call(() -> fw.certificates().transactionState(vdom, StormFleet.certificateName(vdom)));
  }

  /** The VDOM of certificate {@code ordinal}. */
  private String vdomOf(int ordinal) {
    int device = ordinal / fleet.settings.vdoms();
    return fleet.device(device).vdoms().get(ordinal - fleet.ordinal(device, 0));
  }

  /**
   * Starts certificate {@code ordinal}: on its appliance's mailbox, the listener if it has none
   * yet, then a CLI session with the generate and the renewal settings.
   */
  private void start(int ordinal) {
    int device = ordinal / fleet.settings.vdoms();
    int k = ordinal - fleet.ordinal(device, 0);
    Firmware fw = fleet.firmware(device);
    begunAt[ordinal] = enroll.begin();
    stage.set(ordinal, POSTED);
    fw.appliance()
        .execute(
            () -> {
              if (listeners[device] == null) {
                listeners[device] = new Listener(device);
                fw.certificates().addEnrollmentListener(listeners[device]);
                trustEstServer(device, fw);
              }
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
    if (stage.get(ordinal) == ENDED) {
      return; // given up while this try waited
    }
    tries[ordinal]++;
    started[ordinal] = false;
    String challenge = fleet.challenge;
    String subject = d.devname() + "-" + vdom;
    String generate =
        (retry ? "config vpn certificate local\ndelete " + name + "\nend\n" : "")
            + switch (fleet.settings.protocol()) {
              case EST -> generateEst(name, subject, challenge);
              case CMPV2 -> generateCmp(name, subject, challenge);
              case ACME2 -> acmeEntry(fw, d, k, name);
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

  /** With ACME: the entry whose commit enrolls it, its domain resolving to the VDOM's port. */
  private String acmeEntry(Firmware fw, DevicePlan d, int k, String name) {
    String domain = AcmeFleet.domain(d, d.vdoms().get(k));
    fleet.acme.register(fw, d, k, domain);
    return AcmeFleet.entry(name, domain, fleet.caUrl, fleet.settings.keyType().bits());
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
   * With EST or ACME, on the appliance's mailbox before its first {@code generate}: the CA
   * certificates that verify the server (and, from {@code --ca-trust}, what an external ACME server
   * issues), each in its own entry of the first VDOM's {@code config vpn certificate ca} (range
   * global, so every VDOM's CA bundle has them).
   */
  private void trustEstServer(int device, Firmware fw) {
    if (fleet.caPem == null) {
      return;
    }
    DevicePlan d = fleet.device(device);
    boolean multi = d.vdoms().size() > 1;
    StringBuilder cli = new StringBuilder(multi ? StormFleet.enterVdom(d.vdoms().get(0)) : "");
    cli.append("config vpn certificate ca\n");
    List<X509Certificate> cas = PemCodec.parseCertificates(fleet.caPem, "the storm's CA bundle");
    for (int i = 0; i < cas.size(); i++) {
      cli.append("edit ")
          .append(i == 0 ? "EST_CA" : "EST_CA_" + (i + 1))
          .append("\nset ca \"")
          .append(PemCodec.certificates(List.of(cas.get(i))).strip())
          .append("\"\nnext\n");
    }
    String answer = fw.newSession().run(cli + "end" + (multi ? "\nend" : ""));
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
        stage.compareAndSet(ordinal, POSTED, ENROLLING);
        stage.compareAndSet(ordinal, RETRY_POSTED, ENROLLING);
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
    if (stage.get(ordinal) == ENDED) {
      return; // given up as stuck, and ended after all: counted once, as given up
    }
    if (outcome.issued()) {
      finish(ordinal, true, null);
      return;
    }
    boolean last = tries[ordinal] >= ATTEMPTS;
    String kind = outcome.failure().label();
    fleet.sayFailure(
        device,
        ": "
            + outcome.certificate()
            + ": enrollment failed: "
            + outcome.reason()
            + (last ? "" : " (trying again)"));
    if (last) {
      finish(ordinal, false, kind);
    } else {
      // The try failed, the certificate is still under way: counted, then asked again.
      enroll.failedTry(kind, fleet.wall.nanos() - begunAt[ordinal]);
      Firmware fw = fleet.firmware(device);
      int k = ordinal - fleet.ordinal(device, 0);
      stage.compareAndSet(ordinal, ENROLLING, RETRY_POSTED);
      fw.appliance().execute(() -> generate(device, fw, fw.newSession(), k, true));
    }
  }

  /** Certificate {@code ordinal} ended; once only (a stuck one given up may end after all). */
  private void finish(int ordinal, boolean ok, String kind) {
    if (stage.getAndSet(ordinal, ENDED) == ENDED) {
      return;
    }
    if (ok) {
      enroll.succeeded(begunAt[ordinal]);
    } else {
      enroll.failed(kind, begunAt[ordinal]);
    }
    done.countDown();
    window.release();
  }
}
