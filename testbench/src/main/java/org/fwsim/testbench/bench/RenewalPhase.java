package org.fwsim.testbench.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.ClockMode;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.clock.Timer;
import org.fwsim.testbench.ca.CaFaults;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.fleet.DevicePlan;
import org.fwsim.testbench.report.Progress;

/**
 * The storm itself: the virtual clock jumps to the renewal point so that forticron renews every
 * enrolled certificate at once, each appliance's clock ahead by up to {@code --jitter}; the CA's
 * faults (and {@code link-down}) change at their times ({@link FaultPlan}); the storm ends when
 * every certificate was renewed once, or at a virtual-time horizon a week after the last one
 * expired.
 */
final class RenewalPhase {

  /** How long after the last certificate's expiry the storm stops waiting for renewals. */
  static final Duration GIVE_UP_AFTER_EXPIRY = Duration.ofDays(7);

  private final StormFleet fleet;
  private final StormSettings settings;
  private final EnrolledCertificates enrolled;
  private final PhaseRecorder storm;
  private final CountDownLatch done;
  private final long[] begunAt;
  private final AtomicIntegerArray renewedOnce;
  private final AtomicInteger dueAgain = new AtomicInteger();
  private final List<RenewalListener> listeners = new ArrayList<>();
  private volatile boolean open;
  private SimClock clock;

  RenewalPhase(StormFleet fleet, EnrolledCertificates enrolled, MeterRegistry registry) {
    this.fleet = fleet;
    this.settings = fleet.settings;
    this.enrolled = enrolled;
    this.storm = new PhaseRecorder("storm", registry, fleet.wall);
    this.done = new CountDownLatch((int) enrolled.count());
    this.begunAt = new long[fleet.certificates];
    this.renewedOnce = new AtomicIntegerArray(fleet.certificates);
  }

  /** The phase's recorder, to follow while it runs. */
  PhaseRecorder recorder() {
    return storm;
  }

  /** Renewed certificates that were due again at once and had auto-regenerate set to 0. */
  int dueAgain() {
    return dueAgain.get();
  }

  /** Runs the storm and returns its recorder once it has ended. */
  PhaseRecorder run(Hypervisor hv, SimClock clock, ScepCa ca, Progress progress) throws Exception {
    this.clock = clock;
    if (enrolled.count() == 0) {
      storm.start();
      storm.end();
      return storm;
    }
    Instant latestNotAfter = enrolled.latestNotAfter();
    Instant renewAt =
        latestNotAfter.minus(Duration.ofDays(EnrollmentPhase.AUTO_REGENERATE_DAYS)).plusSeconds(60);
    listenAndSkew();
    if (ca != null) {
      ca.setFaults(settings.faults().at(Duration.ZERO, settings.pendingRatio()));
    }
    if (settings.faults().linkDown()) {
      setLinks("down");
    }
    Progress.Bar bar = progress.track("storm", enrolled.count(), storm);
    storm.start();
    open = true;
    for (int i = 0; i < begunAt.length; i++) {
      if (enrolled.enrolled(i)) {
        begunAt[i] = storm.begin();
      }
    }
    Instant stormAt = renewAt.minus(settings.jitter());
    scheduleFaultChanges(hv, stormAt, ca);
    // Bounded in virtual time as well as in real time: a certificate that is still not renewed a
    // week after the last one expired will not be (its CA refuses the expired signer, as micromdm
    // does), and fast-forwarding through forticron's retries took the clock decades ahead.
    // The horizon releases the storm's own latch, so one wait covers both ends.
    AtomicBoolean gaveUp = new AtomicBoolean();
    Timer horizon =
        hv.scheduler()
            .schedule(
                latestNotAfter.plus(GIVE_UP_AFTER_EXPIRY).toEpochMilli(),
                () -> {
                  gaveUp.set(true);
                  while (done.getCount() > 0) {
                    done.countDown();
                  }
                });
    clock.set(stormAt);
    clock.setMode(ClockMode.FAST_FORWARD);
    fleet.await(done, "storm");
    horizon.cancel();
    if (gaveUp.get()) {
      recordNotRenewed();
    }
    storm.end();
    open = false;
    progress.finish(bar);
    return storm;
  }

  /**
   * Stops this phase's listeners hearing their appliances, so that a later round's phase is the
   * only one and this one can be collected.
   */
  void detach() throws Exception {
    List<CompletableFuture<Boolean>> removed = new ArrayList<>();
    for (int i = 0; i < listeners.size(); i++) {
      Firmware fw = fleet.firmware(i);
      RenewalListener listener = listeners.get(i);
      removed.add(
          fw.appliance().call(() -> fw.certificates().forticron().removeListener(listener)));
    }
    fleet.await(CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new)));
    listeners.clear();
  }

  /** Each appliance hears its renewals; its clock runs ahead by up to --jitter. */
  private void listenAndSkew() throws Exception {
    Random random = new Random(42);
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (int i = 0; i < fleet.devices(); i++) {
      RenewalListener listener = new RenewalListener(fleet, i, this);
      listeners.add(listener);
      Firmware fw = fleet.firmware(i);
      long skew =
          settings.jitter().isZero()
              ? 0
              : (long) (random.nextDouble() * settings.jitter().toMillis());
      ready.add(
          fw.appliance()
              .run(
                  () -> {
                    fw.certificates().forticron().addListener(listener);
                    if (skew > 0) {
                      fw.appliance().clock().setOffset(Duration.ofMillis(skew));
                      fw.certificates().clockChanged();
                    }
                  }));
    }
    fleet.await(CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)));
  }

  /**
   * Each change of the CA's faults at its time after {@code stormAt}, and every link up again at
   * the end of {@code link-down}'s window. A scheduler task only posts: the CA's fault switch and a
   * message per appliance.
   */
  private void scheduleFaultChanges(Hypervisor hv, Instant stormAt, ScepCa ca) {
    FaultPlan faults = settings.faults();
    if (ca != null) {
      for (Duration after : faults.changes()) {
        CaFaults then = faults.at(after, settings.pendingRatio());
        hv.scheduler().schedule(stormAt.plus(after).toEpochMilli(), () -> ca.setFaults(then));
      }
    }
    if (faults.linkDown()) {
      hv.scheduler()
          .schedule(
              stormAt.plus(FaultPlan.SWITCH_WINDOW).toEpochMilli(),
              () -> {
                for (Firmware fw : fleet.firmware()) {
                  fw.appliance().execute(() -> linkCli(fw, "up"));
                }
              });
    }
  }

  /** The first renewal of certificate {@code ordinal} during the storm; on its mailbox. */
  void renewed(int device, int ordinal, CronCertificate cert) {
    if (!open || !renewedOnce.compareAndSet(ordinal, 0, 1)) {
      return;
    }
    storm.succeeded(begunAt[ordinal]);
    done.countDown();
    if (done.getCount() == 0) {
      // The last one: stop fast-forward here, while this mailbox still counts as activity.
      // Once the fleet is quiet the scheduler would jump to the next deadline, and with a CA
      // dating from the host's clock that is the renewed certificates' notAfter, 7 days on.
      clock.setMode(ClockMode.REALTIME);
    }
    Firmware fw = fleet.firmware(device);
    if (dueAgain(cert, fw)) {
      // A CA that dates certificates from the host's clock (micromdm) hands back one that is
      // due again on our fast-forwarded clock: forticron would renew it at every back-off
      // step for the rest of the storm, each time a request the storm does not count but
      // the CA must serve. One renewal per certificate is the storm; after it, stop.
      dueAgain.incrementAndGet();
      fw.appliance().execute(() -> stopAutoRegenerate(fw, device, cert.name()));
    }
  }

  /** A failed try of certificate {@code ordinal}: forticron retries on its back-off. */
  void failedTry(int device, int ordinal, CronCertificate cert, FailureKind kind, String reason) {
    if (!open) {
      return;
    }
    // The kind carries the injected fault behind it, so the report tells them from real failures.
    String label = settings.faults().label(kind.label());
    fleet.sayFailure(device, " " + cert.name() + ": renewal failed (" + label + "): " + reason);
    // A failed try, not the certificate's outcome: forticron asks again, and the storm counts the
    // certificate once, when it is renewed or given up.
    if (renewedOnce.get(ordinal) == 0) {
      storm.failedTry(label, fleet.wall.nanos() - begunAt[ordinal]);
    }
  }

  /** Certificate {@code ordinal} expired during the storm; its retries go on. */
  void expired(int ordinal) {
    if (open && renewedOnce.get(ordinal) == 0) {
      storm.failedTry("expired", 0);
    }
  }

  /** Whether the renewed certificate is inside its own renewal window already. */
  private static boolean dueAgain(CronCertificate cert, Firmware fw) {
    Instant renewalPoint = cert.notAfter().minus(Duration.ofDays(cert.days()));
    return cert.days() > 0 && !renewalPoint.isAfter(fw.appliance().clock().instant());
  }

  /** After the horizon: each certificate not renewed counts as a failure of its own kind. */
  private void recordNotRenewed() {
    String kind = "not renewed " + GIVE_UP_AFTER_EXPIRY.toDays() + " d after expiry";
    long left = 0;
    for (int i = 0; i < begunAt.length; i++) {
      if (enrolled.enrolled(i) && renewedOnce.compareAndSet(i, 0, 1)) {
        storm.failed(kind, begunAt[i]);
        left++;
      }
    }
    fleet.say(left + " certificate(s) " + kind + ": the storm stops waiting for them");
  }

  /** {@code link-down}: port1 (the root VDOM's way to the CA) of every appliance, by the CLI. */
  private void setLinks(String status) throws Exception {
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (Firmware fw : fleet.firmware()) {
      answers.add(fw.appliance().call(() -> linkCli(fw, status)));
    }
    for (CompletableFuture<String> f : answers) {
      String answer = fleet.await(f);
      if (!answer.isBlank()) {
        fleet.say("link-down: " + answer.strip());
        break;
      }
    }
  }

  /** On the mailbox: {@code set status up|down} on port1; returns what the CLI printed. */
  private static String linkCli(Firmware fw, String status) {
    boolean multi = fw.config().multiVdom();
    return fw.newSession()
        .run(
            (multi ? "config global\n" : "")
                + "config system interface\n"
                + "edit \"port1\"\nset status "
                + status
                + "\nnext\nend"
                + (multi ? "\nend" : ""));
  }

  /**
   * On the mailbox: {@code set auto-regenerate-days 0} on the storm's certificate; for ACME, whose
   * renewal point is {@code acme-renew-window} (1 to 100 days), the smallest window, 1 day: the
   * renewed certificate's end is at least the old one's, 7 days after the storm's clock.
   */
  void stopAutoRegenerate(Firmware fw, int device, String name) {
    DevicePlan d = fleet.device(device);
    String stop =
        settings.protocol() == EnrollProtocol.ACME2
            ? "set acme-renew-window 1"
            : "set auto-regenerate-days 0";
    String body = "config vpn certificate local\nedit " + name + "\n" + stop + "\nnext\nend";
    String vdom = name.substring(StormFleet.CERT_PREFIX.length());
    String answer =
        fw.newSession()
            .run(d.vdoms().size() > 1 ? StormFleet.enterVdom(vdom) + body + "\nend" : body);
    String said =
        answer.lines().filter(l -> !l.startsWith("current vf=")).collect(Collectors.joining("\n"));
    if (!said.isBlank()) {
      fleet.say(d.devname() + " " + name + ": " + said.strip());
    }
  }
}
