package org.fwsim.firmware.cron;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.clock.SimClock;

/**
 * A CA behind a {@link CertRenewer}, for tests: answers after a simulated network delay, on the
 * scheduler like real IO completions, with what the test set it to do. Issues certificates valid
 * {@code validity} from the CA's own clock (the simulation clock plus {@code caSkew}).
 */
final class FakeRenewer implements CertRenewer {

  enum Mode {
    ISSUE,
    FAIL,
    PENDING_THEN_ISSUE,
    SILENT
  }

  private final SimClock simClock;
  private Appliance appliance;
  Mode mode = Mode.ISSUE;
  Duration validity = Duration.ofDays(90);
  Duration latency = Duration.ofSeconds(2);
  Duration approvalAfter = Duration.ofHours(6);
  Duration caSkew = Duration.ZERO;
  final List<Instant> calls = new ArrayList<>();
  final List<String> names = new ArrayList<>();
  int cancels;
  int starts;

  /** Runs inside renew() (scep_cert_init) and start() (scep_start), e.g. to print trace lines. */
  Consumer<CronCertificate> onRenew = c -> {};

  Consumer<CronCertificate> onStart = c -> {};

  FakeRenewer(SimClock simClock) {
    this.simClock = simClock;
  }

  void attach(Appliance a) {
    this.appliance = a;
  }

  @Override
  public Renewal renew(CronCertificate cert, Consumer<RenewOutcome> done) {
    calls.add(appliance.clock().instant());
    names.add(cert.name());
    onRenew.accept(cert);
    Mode m = mode;
    return new Renewal() {
      boolean cancelled;

      @Override
      public void start() {
        starts++;
        onStart.accept(cert);
        switch (m) {
          case ISSUE ->
              later(latency, () -> done.accept(RenewOutcome.success(caNow().plus(validity))));
          case FAIL ->
              later(latency, () -> done.accept(RenewOutcome.failure("connection refused")));
          case PENDING_THEN_ISSUE -> {
            later(latency, () -> done.accept(RenewOutcome.pending()));
            later(approvalAfter, () -> done.accept(RenewOutcome.success(caNow().plus(validity))));
          }
          case SILENT -> {}
        }
      }

      @Override
      public void cancel() {
        cancelled = true;
        cancels++;
      }

      private void later(Duration d, Runnable r) {
        appliance.scheduleAfter(
            d,
            () -> {
              if (!cancelled) {
                r.run();
              }
            });
      }
    };
  }

  Instant caNow() {
    return simClock.instant().plus(caSkew);
  }
}
