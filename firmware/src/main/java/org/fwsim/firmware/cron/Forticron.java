package org.fwsim.firmware.cron;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.scep.client.FailureKind;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.clock.ApplianceClock;
import org.fwsim.hal.clock.IndexedHeap;
import org.fwsim.hal.clock.Timer;

/**
 * forticron's certificate work on one appliance: the {@code cert_upd} timer, expiry warnings, SCEP
 * auto-regeneration through a {@link CertRenewer}, retries with backoff, and the expiry mark.
 *
 * <p><b>Scheduling.</b> Each certificate has one next deadline (its warning point, global warning
 * point, renewal point or retry time, notAfter, or the watchdog of its renewal in flight; see
 * {@link CronPolicy}), kept in a heap. The appliance holds a single timer for the earliest
 * deadline, capped at {@link #MAX_SLEEP} so that an appliance clock moved without {@link
 * #clockChanged()} is noticed within a day (INFERENCE: the cap is fwsim's; FortiOS's check cadence
 * is undocumented). A firing pops only the certificates that are due: 100,000 certificates cost
 * nothing between deadlines.
 *
 * <p><b>Clock.</b> Every decision uses the appliance clock ({@code execute date} skews it).
 * Deadlines that a jump put in the past fire once: each step sets a flag or moves a retry time into
 * the future. After a jump, backoff times and watchdogs further away than their normal delay are
 * pulled in, so a clock set back does not freeze retries and one set forward does not create a
 * storm (the backoff still applies).
 *
 * <p><b>Threading.</b> Every method runs on the appliance's mailbox (as CLI commands and timers
 * do); renewer answers are posted there too.
 */
public final class Forticron {

  /**
   * An in-flight renewal with no answer at all after this long is abandoned and retried
   * (INFERENCE).
   */
  public static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(30);

  /** A PENDING renewal with no new report after this long is abandoned and retried (INFERENCE). */
  public static final Duration PENDING_TIMEOUT = Duration.ofDays(1);

  /**
   * The period of forticron's {@code traf_his} (traffic history) timer. INFERENCE: KB-420924 shows
   * it firing once, right after a SCEP exchange; its period is not documented.
   */
  public static final Duration TRAF_HIS_PERIOD = Duration.ofMinutes(1);

  /** The longest the {@code cert_upd} timer sleeps while certificates exist (INFERENCE). */
  public static final Duration MAX_SLEEP = Duration.ofDays(1);

  private static final System.Logger LOG = System.getLogger(Forticron.class.getName());
  private static final long NEVER = ScheduledCert.NEVER;

  private final Appliance appliance;
  private final ApplianceClock clock;
  private final CertRenewer renewer;
  private final CronLog log;
  private final CronTrace trace;
  private CronSettings settings = CronSettings.DEFAULTS;

  /** Told about expiries, renewals and failures. */
  private final CronListeners listeners = new CronListeners();

  private Map<ScheduledCert.Key, ScheduledCert> certs = new LinkedHashMap<>();
  private final IndexedHeap<ScheduledCert> heap = new IndexedHeap<>(ScheduledCert::byDue, 4);

  private Timer timer;

  /**
   * The {@code traf_his} timer. It has no effect fwsim models beyond its two trace lines, so it
   * runs only while forticron's trace is on: an appliance without debug costs no timer for it.
   */
  private Timer trafHis;

  /** Appliance time the timer was set for. */
  private long timerAt;

  /** Bumped on every re-arm, so a cancelled timer whose message was already posted does nothing. */
  private int timerGeneration;

  private long lastOffset;
  private long lastNow = Long.MIN_VALUE;

  private long totalUpdates;
  private long lastUpdated;
  private long renewalsStarted;

  /**
   * @param appliance the appliance whose clock, timers and mailbox forticron uses
   * @param renewer the SCEP client
   * @param log the appliance's event log
   * @param trace {@code debugControl.trace(DebugApplication.FORTICRON)}
   */
  public Forticron(Appliance appliance, CertRenewer renewer, EventLog log, Trace trace) {
    this.appliance = Objects.requireNonNull(appliance, "appliance");
    this.clock = appliance.clock();
    this.renewer = Objects.requireNonNull(renewer, "renewer");
    this.log = new CronLog(Objects.requireNonNull(log, "log"));
    this.trace = new CronTrace(Objects.requireNonNull(trace, "trace"));
    this.lastOffset = clock.offset().toMillis();
  }

  // --- inputs ------------------------------------------------------------------------------

  /**
   * The complete current certificate set (every local certificate, and CA certificates with {@code
   * auto-update-days}, of every VDOM and the global scope), in config order. State is kept for
   * certificates already known (same type, scope, vfid and name); a different notAfter means a new
   * certificate, whose warnings are logged afresh. Removed certificates lose their renewal in
   * flight.
   *
   * @throws IllegalArgumentException if two entries name the same certificate; nothing changes
   */
  public void update(List<CronCertificate> certificates) {
    update(certificates, false);
  }

  /**
   * {@link #update} at boot, from the saved configuration. forticron's warning flags live in memory
   * only (the config has no field for them), so they are derived instead: a certificate whose
   * warning point (or global {@code cert-expire-warning} point) is already behind the clock was
   * warned before the restart. It shows {@code warning_logged=1} with {@code warning_time} at that
   * point and logs nothing new. Certificates added later still warn when found late.
   *
   * @throws IllegalArgumentException if two entries name the same certificate; nothing changes
   */
  public void restore(List<CronCertificate> certificates) {
    update(certificates, true);
  }

  private void update(List<CronCertificate> certificates, boolean restored) {
    Set<ScheduledCert.Key> seen = new HashSet<>();
    for (CronCertificate c : certificates) {
      if (!seen.add(ScheduledCert.Key.of(Objects.requireNonNull(c, "certificate")))) {
        throw new IllegalArgumentException(
            "certificate "
                + c.name()
                + " appears twice in "
                + (c.identity().isGlobal() ? "the global scope" : "vfid " + c.identity().vfid())
                + " ("
                + c.identity().type().cliName()
                + ")");
      }
    }
    long now = observeClock();
    Map<ScheduledCert.Key, ScheduledCert> next =
        new LinkedHashMap<>(Math.max(16, certificates.size() * 4 / 3 + 1));
    int order = 0;
    for (CronCertificate c : certificates) {
      ScheduledCert.Key key = ScheduledCert.Key.of(c);
      ScheduledCert s = certs.remove(key);
      if (s == null) {
        s = new ScheduledCert(key, c, order);
        if (restored) {
          warnedBeforeRestart(s, now);
        }
      } else if (!s.cert.notAfter().equals(c.notAfter())) {
        s.newCertificate(c);
        s.failures = 0;
        s.retryAt = 0;
        s.order = order;
      } else {
        s.cert = c;
        s.order = order;
      }
      next.put(key, s);
      order++;
    }
    for (ScheduledCert gone : certs.values()) {
      cancelRenewal(gone);
      heap.remove(gone);
    }
    certs = next;
    recomputeAll();
    rearm(now, true);
  }

  /** New {@code cert-expire-warning} or time zone. */
  public void settings(CronSettings newSettings) {
    this.settings = Objects.requireNonNull(newSettings, "settings");
    recomputeAll();
    rearm(observeClock(), true);
  }

  public CronSettings settings() {
    return settings;
  }

  /**
   * Adds one more listener to be told about expiries, renewals and failures; none at first. The
   * firmware's own (the certificate store's expiry mark) and a testbench's live side by side: each
   * is called in turn, in the order added, and one that throws does not keep the others from
   * hearing.
   */
  public void addListener(CronListener listener) {
    listeners.add(listener);
  }

  /** Removes a listener added before (the same instance); returns whether it was there. */
  public boolean removeListener(CronListener listener) {
    return listeners.remove(listener);
  }

  /**
   * The appliance clock or the simulation clock was set ({@code execute date/time}, {@code sim
   * clock set}): re-evaluates every deadline against the new time.
   */
  public void clockChanged() {
    long now = clock.millis();
    lastOffset = clock.offset().toMillis();
    lastNow = now;
    resync(now);
  }

  // --- read side ---------------------------------------------------------------------------

  /** Certificates known, scheduled or not. */
  public int certificateCount() {
    return certs.size();
  }

  /** When (appliance time) the {@code cert_upd} timer fires next, if armed. */
  public Optional<Instant> nextRun() {
    return timer == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(timerAt));
  }

  /** Renewals that ended in SUCCESS since start (the seed's {@code total_updates}). */
  public long totalUpdates() {
    return totalUpdates;
  }

  /** Renewals handed to the {@link CertRenewer} since start. */
  public long renewalsStarted() {
    return renewalsStarted;
  }

  /**
   * {@code diagnose test application forticron [n]}: no words prints the menu.
   *
   * @param words the words after {@code forticron}
   * @throws IllegalArgumentException for an unknown or malformed option
   */
  public List<String> diagnoseTest(List<String> words) {
    return new ForticronDiagnose(this).run(words);
  }

  // --- timer -------------------------------------------------------------------------------

  private void onTimer(int generation) {
    if (generation != timerGeneration) {
      return; // cancelled after its message was posted
    }
    timer = null;
    long now = observeClock();
    trace.timerFired();
    runDue(now);
    trace.timerDone();
    rearm(now, false);
    armTrafHis();
  }

  /** Starts the {@code traf_his} timer if forticron's trace is on and it is not running. */
  private void armTrafHis() {
    if (trafHis == null && trace.on()) {
      trafHis = appliance.scheduleAfter(TRAF_HIS_PERIOD, this::onTrafHis);
    }
  }

  private void onTrafHis() {
    trafHis = null;
    if (trace.on()) {
      trace.trafHis();
      armTrafHis();
    }
  }

  private void runDue(long now) {
    ScheduledCert head = heap.peek();
    if (head == null || head.due > now) {
      return;
    }
    // Pop everything due first: each check moves its deadline into the future, and taking
    // them out before re-inserting makes a loop impossible even if one did not.
    List<ScheduledCert> due = new ArrayList<>();
    while ((head = heap.peek()) != null && head.due <= now) {
      due.add(heap.poll());
    }
    for (ScheduledCert s : due) {
      try {
        check(s, now);
      } catch (RuntimeException e) {
        // A faulty listener or renewer must not unschedule the other certificates.
        LOG.log(
            System.Logger.Level.WARNING,
            "forticron: checking certificate " + s.cert.name() + " failed",
            e);
      }
    }
    for (ScheduledCert s : due) {
      s.due = nextDue(s);
      reposition(s);
    }
  }

  /** {@code __check_exp_date}: everything due for one certificate, each step at most once. */
  private void check(ScheduledCert s, long now) {
    CronCertificate c = s.cert;
    long end = c.notAfter().toEpochMilli();
    trace.checking(c);
    if (CronPolicy.warnAt(s) <= now) {
      s.warningLogged = true;
      s.warningTime = now;
      log.warning(c, now);
    }
    if (CronPolicy.globalWarnAt(s, settings) <= now) {
      s.globalWarned = true;
      log.globalWarning(c, now, settings.certExpireWarningDays());
    }
    if (!s.expired && end <= now) {
      s.expired = true;
      log.expired(c, now);
      listeners.tell(l -> l.expired(c));
    }
    if (s.inFlight() && s.watchdogAt <= now) {
      abandon(s, now);
    }
    if (!s.inFlight() && CronPolicy.renewAt(s) <= now) {
      startRenewal(s, now);
    }
  }

  private void warnedBeforeRestart(ScheduledCert s, long now) {
    long warnAt = CronPolicy.warnAt(s);
    if (warnAt <= now) {
      s.warningLogged = true;
      s.warningTime = warnAt;
    }
    if (CronPolicy.globalWarnAt(s, settings) <= now) {
      s.globalWarned = true;
    }
  }

  private void startRenewal(ScheduledCert s, long now) {
    CronCertificate c = s.cert;
    trace.renewing(c);
    int transaction = ++s.transaction;
    s.pendingLogged = false;
    renewalsStarted++;
    CertRenewer.Renewal renewal;
    try {
      renewal = renewer.renew(c, outcome -> post(s, transaction, outcome));
      if (renewal == null) {
        throw new IllegalStateException("the SCEP client returned no renewal");
      }
    } catch (RuntimeException e) {
      fail(s, now, FailureKind.INTERNAL, reason(e));
      return;
    }
    s.renewal = renewal;
    s.watchdogAt = now + ANSWER_TIMEOUT.toMillis();
    trace.started(c);
    try {
      renewal.start();
    } catch (RuntimeException e) {
      cancelRenewal(s);
      fail(s, now, FailureKind.INTERNAL, reason(e));
    }
  }

  private void post(ScheduledCert s, int transaction, RenewOutcome outcome) {
    Objects.requireNonNull(outcome, "renewal outcome");
    // A completion: a full mailbox must not lose it, or the certificate waits for ever.
    appliance.mailbox().complete(() -> onOutcome(s, transaction, outcome));
  }

  private void onOutcome(ScheduledCert s, int transaction, RenewOutcome outcome) {
    if (certs.get(s.key) != s || s.transaction != transaction || !s.inFlight()) {
      return; // for a renewal abandoned, finished, or of a certificate since deleted
    }
    long now = observeClock();
    switch (outcome.kind()) {
      case PENDING -> {
        s.watchdogAt = now + PENDING_TIMEOUT.toMillis();
        if (!s.pendingLogged) {
          s.pendingLogged = true;
          log.pending(s.cert, now);
          listeners.tell(l -> l.pending(s.cert));
        }
      }
      case SUCCESS -> succeeded(s, outcome.notAfter(), now);
      case FAILURE -> {
        s.renewal = null;
        fail(s, now, outcome.failure(), outcome.reason());
      }
    }
    s.due = nextDue(s);
    reposition(s);
    rearm(now, false);
  }

  private void succeeded(ScheduledCert s, Instant newNotAfter, long now) {
    s.renewal = null;
    if (!newNotAfter.equals(s.cert.notAfter())) {
      s.newCertificate(s.cert.withNotAfter(newNotAfter));
    }
    totalUpdates++;
    lastUpdated = now;
    log.renewed(s.cert, now);
    listeners.tell(l -> l.renewed(s.cert));
    if (CronPolicy.renewPoint(s.cert) <= now) {
      // The CA issued a certificate that is already due for renewal (its clock is behind ours,
      // or it issues short lives): asking again at once would loop, so back off.
      s.failures++;
      s.retryAt =
          now
              + RetrySchedule.delayMillis(s.failures, s.cert.notAfter().toEpochMilli() <= now)
              + retrySpread(s);
      log.stillInWindow(s.cert, now, s.retryAt);
    } else {
      s.failures = 0;
      s.retryAt = 0;
    }
  }

  /** This certificate's offset on every retry (see {@link RetrySchedule#spreadMillis}). */
  long retrySpread(ScheduledCert s) {
    return RetrySchedule.spreadMillis(appliance.serial() + "/" + s.key);
  }

  private void fail(ScheduledCert s, long now, FailureKind kind, String reason) {
    s.failures++;
    s.retryAt =
        now
            + RetrySchedule.delayMillis(
                s.failures, s.expired || s.cert.notAfter().toEpochMilli() <= now)
            + retrySpread(s);
    log.failed(s.cert, now, reason, s.retryAt);
    CronCertificate c = s.cert;
    Instant next = Instant.ofEpochMilli(s.retryAt);
    listeners.tell(l -> l.failed(c, kind, reason, next));
  }

  private void abandon(ScheduledCert s, long now) {
    Duration waited = s.pendingLogged ? PENDING_TIMEOUT : ANSWER_TIMEOUT;
    cancelRenewal(s);
    fail(
        s,
        now,
        s.pendingLogged ? FailureKind.PENDING : FailureKind.TIMEOUT,
        (s.pendingLogged ? "still pending, no news" : "no answer")
            + " after "
            + waited.toMinutes()
            + " minutes");
  }

  private void cancelRenewal(ScheduledCert s) {
    CertRenewer.Renewal r = s.renewal;
    s.renewal = null;
    if (r != null) {
      try {
        r.cancel();
      } catch (RuntimeException ignored) {
        // the renewal is abandoned either way; its late answers are ignored by transaction
      }
    }
  }

  // --- deadlines ---------------------------------------------------------------------------

  private long nextDue(ScheduledCert s) {
    return CronPolicy.nextDue(s, settings);
  }

  /** Puts the certificate where its {@code due} belongs in the heap; out of it when NEVER. */
  private void reposition(ScheduledCert s) {
    if (s.due == NEVER) {
      heap.remove(s);
    } else {
      heap.update(s);
    }
  }

  private void recomputeAll() {
    heap.clear();
    for (ScheduledCert s : certs.values()) {
      s.due = nextDue(s);
      reposition(s);
    }
  }

  /**
   * Arms the single timer for the earliest deadline (at most {@link #MAX_SLEEP} ahead). An armed
   * timer that fires no later than needed is kept unless {@code force}: firing early costs one
   * empty check, re-arming costs a cancel.
   */
  private void rearm(long now, boolean force) {
    ScheduledCert head = heap.peek();
    if (certs.isEmpty()) {
      cancelTimer();
      return;
    }
    long target = Math.min(head == null ? NEVER : head.due, now + MAX_SLEEP.toMillis());
    if (timer != null && (timerAt == target || (!force && timerAt < target))) {
      return;
    }
    cancelTimer();
    int generation = ++timerGeneration;
    timerAt = target;
    timer = appliance.scheduleAt(Instant.ofEpochMilli(target), () -> onTimer(generation));
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
      timerGeneration++;
    }
  }

  // --- clock -------------------------------------------------------------------------------

  /** The appliance time now; re-evaluates first if the clock was set since last seen. */
  private long observeClock() {
    long now = clock.millis();
    long offset = clock.offset().toMillis();
    boolean jumped = offset != lastOffset || now < lastNow;
    lastOffset = offset;
    lastNow = now;
    if (jumped) {
      resync(now);
    }
    return now;
  }

  private void resync(long now) {
    for (ScheduledCert s : certs.values()) {
      if (s.inFlight()) {
        long limit = now + (s.pendingLogged ? PENDING_TIMEOUT : ANSWER_TIMEOUT).toMillis();
        s.watchdogAt = Math.min(s.watchdogAt, limit);
      } else if (s.failures > 0) {
        long limit = now + RetrySchedule.delayMillis(s.failures, s.expired) + retrySpread(s);
        s.retryAt = Math.min(s.retryAt, limit);
      }
    }
    recomputeAll();
    // The armed timer's simulation deadline was computed with the old offset: always re-arm.
    cancelTimer();
    rearm(now, true);
  }

  private static String reason(RuntimeException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  // --- for ForticronDiagnose and tests ------------------------------------------------------

  Iterable<ScheduledCert> states() {
    return certs.values();
  }

  ScheduledCert find(String name) {
    for (ScheduledCert s : certs.values()) {
      if (s.cert.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  long now() {
    return clock.millis();
  }

  long lastUpdated() {
    return lastUpdated;
  }

  int inFlightCount() {
    int n = 0;
    for (ScheduledCert s : certs.values()) {
      n += s.inFlight() ? 1 : 0;
    }
    return n;
  }
}
