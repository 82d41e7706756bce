package org.fwsim.firmware.egress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.fwsim.firmware.config.SdwanConfig;
import org.fwsim.firmware.config.SdwanConfig.Member;
import org.fwsim.firmware.config.SdwanHealthCheck;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.clock.Timer;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.RoutingTable;
import org.fwsim.hal.net.Underlay;
import org.fwsim.hal.vdom.Vdom;

/**
 * The SD-WAN health-check daemon of one VDOM of one appliance: probes each check's server through
 * each member for real (a TCP connection through the {@link Underlay}, bound to the member's
 * source, so link impairments act on probes as on traffic), on the appliance's virtual clock, and
 * turns members dead after {@code failtime} consecutive failures and alive after {@code
 * recoverytime} consecutive successes. With {@code update-static-route enable} a dead member's
 * static routes are withdrawn from the VDOM's routing table until it is alive again.
 *
 * <p>Threading: {@link #apply} and {@link #stop} are called on the appliance's mailbox (its owner
 * thread); timers and IO completions come back through the mailbox too. {@link #status()} is an
 * immutable snapshot behind a volatile reference, readable from any thread.
 *
 * <p>Latency is the egress interface's simulated impairment plus what the injected {@link
 * LatencyMeter} measures of the real loopback round trip (see there for why). A reply later than
 * {@code probe-timeout} counts as lost.
 */
public final class SdwanHealth {

  private final Appliance appliance;
  private final String vdom;
  private final Underlay underlay;
  private final LatencyMeter meter;
  private final List<CheckRun> runs = new ArrayList<>(1);
  private final Set<String> withdrawnByUs = new HashSet<>(2);
  private volatile SdwanStatus status;
  private SdwanConfig config = SdwanConfig.DISABLED;
  private long generation = 1;
  private int epoch;
  private int inFlight;

  /**
   * @param meter the host part of probe latency; {@link LatencyMeter#NONE} for deterministic runs
   */
  public SdwanHealth(Appliance appliance, String vdom, Underlay underlay, LatencyMeter meter) {
    this.appliance = Objects.requireNonNull(appliance, "appliance");
    this.vdom = Objects.requireNonNull(vdom, "vdom");
    this.underlay = Objects.requireNonNull(underlay, "underlay");
    this.meter = Objects.requireNonNull(meter, "latency meter");
    this.status = SdwanStatus.unprobed(config);
  }

  /** The VDOM this daemon serves. */
  public String vdom() {
    return vdom;
  }

  /** The latest view: configuration and every check's knowledge of every member. Any thread. */
  public SdwanStatus status() {
    return status;
  }

  /**
   * Applies a (new) configuration: stops the old probes, forgets measurements, restores routes it
   * had withdrawn and, when SD-WAN is enabled, starts every health check; each check's first round
   * runs one {@code interval} from now. Owner thread only.
   */
  public void apply(SdwanConfig newConfig) {
    Objects.requireNonNull(newConfig, "config");
    halt();
    config = newConfig;
    generation++;
    status = new SdwanStatus(config, SdwanStatus.initialHealth(config), generation);
    if (!config.enabled()) {
      return;
    }
    for (SdwanHealthCheck check : config.healthChecks()) {
      List<ProbeState> states = new ArrayList<>();
      for (Member m : config.members()) {
        if (check.covers(m.seq())) {
          states.add(new ProbeState(m, check.probeCount()));
        }
      }
      CheckRun run = new CheckRun(check, states);
      runs.add(run);
      schedule(run);
    }
  }

  /**
   * Stops probing and restores every route it withdrew; the last status stays readable. Owner
   * thread only.
   */
  public void stop() {
    halt();
  }

  /** Probes sent and not yet answered or timed out (for tests and reports). Owner thread only. */
  public int probesInFlight() {
    return inFlight;
  }

  private void halt() {
    epoch++;
    for (CheckRun run : runs) {
      if (run.timer != null) {
        run.timer.cancel();
      }
      for (ProbeState s : run.states) {
        abandon(s);
      }
    }
    runs.clear();
    inFlight = 0;
    Vdom v = appliance.vdoms().find(vdom).orElse(null);
    if (v != null && !withdrawnByUs.isEmpty()) {
      for (String device : withdrawnByUs) {
        v.routingTable().setStaticRoutesWithdrawn(device, false);
      }
      v.routingTable().publish();
    }
    withdrawnByUs.clear();
  }

  private void schedule(CheckRun run) {
    int ep = epoch;
    run.scheduledAt = appliance.clock().millis();
    run.timer =
        appliance.scheduleAfter(
            Duration.ofMillis(run.check.intervalMillis()), () -> round(run, ep));
  }

  private void round(CheckRun run, int ep) {
    if (ep != epoch) {
      return; // a timer of an older configuration
    }
    int rounds = rounds(run);
    for (ProbeState s : run.states) {
      probe(run, s, rounds);
    }
    schedule(run);
  }

  /**
   * How many probe intervals this round stands for: one, or more when the clock jumped ({@code sim
   * clock advance}) over intervals whose probes never ran. Their outcome is this round's probe's,
   * as the network was as it is now all along (links change only between console commands); at most
   * the probes the state machine and the window look at.
   */
  private static int rounds(CheckRun run, long now) {
    long interval = run.check.intervalMillis();
    long elapsed = Math.max(interval, now - run.scheduledAt);
    long cap =
        Math.max(run.check.probeCount(), Math.max(run.check.failtime(), run.check.recoverytime()));
    return (int) Math.min(cap, elapsed / interval);
  }

  private int rounds(CheckRun run) {
    return rounds(run, appliance.clock().millis());
  }

  private void probe(CheckRun run, ProbeState s, int rounds) {
    if (s.inFlight) {
      return; // the previous probe is still out; its timeout settles it
    }
    s.rounds = rounds;
    NetworkInterface nic =
        appliance
            .findInterface(s.member.interfaceName())
            .filter(n -> n.vdom().equals(vdom))
            .orElse(null);
    int source =
        nic == null ? Ip4.ANY : s.member.source() != Ip4.ANY ? s.member.source() : nic.address();
    if (nic == null || !nic.isUp() || !s.member.enabled() || source == Ip4.ANY) {
      record(run, s, false, 0); // a down link fails at once, without a socket
      return;
    }
    int ep = epoch;
    int token = ++s.token;
    long mark = meter.start();
    long impairMicros = nic.impairment().latencyMillis() * 1000L;
    Consumer<Boolean> done =
        ok -> {
          long micros = ok ? impairMicros + meter.elapsedMicros(mark) : 0;
          appliance.mailbox().complete(() -> onResult(run, s, ep, token, ok, micros));
        };
    s.inFlight = true;
    inFlight++;
    if (run.check.protocol().probe() == SdwanHealthCheck.Protocol.Probe.HOST_ANSWERS) {
      Future<Void> answer = hostAnswer(run.check, nic, source);
      s.connection = answer;
      answer.addListener(f -> done.accept(f.isSuccess()));
    } else {
      ChannelHandler handler = HealthProbe.handler(run.check, done);
      Future<Channel> connect;
      try {
        connect =
            underlay.connect(
                appliance.id(),
                nic,
                source,
                run.check.server(),
                run.check.effectivePort(),
                handler);
      } catch (RuntimeException e) {
        s.inFlight = false;
        inFlight--;
        record(run, s, false, 0);
        return;
      }
      s.connection = connect;
      boolean connectIsAnswer = run.check.protocol() != SdwanHealthCheck.Protocol.HTTP;
      connect.addListener(
          f -> {
            if (!f.isSuccess()) {
              done.accept(false);
            } else if (connectIsAnswer) {
              done.accept(true); // posted before the close releases the IO token
              connect.getNow().close();
            }
          });
    }
    armTimeout(run, s, ep, token);
  }

  private void armTimeout(CheckRun run, ProbeState s, int ep, int token) {
    long timeout = run.check.probeTimeoutMillis();
    s.timeoutAt = appliance.clock().millis() + timeout;
    s.timeout =
        appliance.scheduleAfter(Duration.ofMillis(timeout), () -> onTimeout(run, s, ep, token));
  }

  /**
   * A ping, echo or DNS probe: the simulated network answers it for any simulated host the member
   * reaches; the echo and DNS services answer at their own ports only.
   */
  private Future<Void> hostAnswer(SdwanHealthCheck check, NetworkInterface nic, int source) {
    SdwanHealthCheck.Protocol p = check.protocol();
    if (p != SdwanHealthCheck.Protocol.PING && check.effectivePort() != p.defaultPort()) {
      return ImmediateEventExecutor.INSTANCE.newFailedFuture(
          new IllegalStateException(
              "nothing answers " + p.keyword() + " at port " + check.effectivePort()));
    }
    return underlay.exchange(appliance.id(), nic, source, check.server(), p.keyword());
  }

  private void onResult(CheckRun run, ProbeState s, int ep, int token, boolean ok, long micros) {
    if (ep != epoch || token != s.token || !s.inFlight) {
      return; // timed out already, or an older configuration
    }
    settle(s);
    boolean inTime = ok && micros <= run.check.probeTimeoutMillis() * 1000L;
    record(run, s, inTime, micros);
  }

  private void onTimeout(CheckRun run, ProbeState s, int ep, int token) {
    if (ep != epoch || token != s.token || !s.inFlight) {
      return;
    }
    if (appliance.clock().millis() - s.timeoutAt >= run.check.probeTimeoutMillis()) {
      // Due a whole probe-timeout late: the clock jumped while the probe was out, and the network
      // had no time to answer. The probe gets its probe-timeout again, from now.
      armTimeout(run, s, ep, token);
      return;
    }
    abandon(s);
    record(run, s, false, 0);
  }

  private void settle(ProbeState s) {
    s.inFlight = false;
    inFlight--;
    if (s.timeout != null) {
      s.timeout.cancel();
      s.timeout = null;
    }
    s.connection = null;
  }

  /**
   * Ends an outstanding probe: cancels its timer and its connection attempt or closes the socket.
   */
  private void abandon(ProbeState s) {
    Future<?> c = s.connection;
    if (s.inFlight) {
      settle(s);
    }
    if (c != null && !c.cancel(false) && c.isSuccess() && c.getNow() instanceof Channel ch) {
      ch.close();
    }
  }

  private void record(CheckRun run, ProbeState s, boolean ok, long micros) {
    int rounds = s.rounds;
    s.rounds = 1;
    boolean changed = false;
    for (int i = 0; i < rounds; i++) {
      changed |= recordOne(run, s, ok, micros);
    }
    if (changed) {
      generation++;
    }
    publish(run);
    if (changed) {
      updateStaticRoutes();
    }
  }

  /** One probe's outcome; whether the member's state changed. */
  private static boolean recordOne(CheckRun run, ProbeState s, boolean ok, long micros) {
    s.probes++;
    boolean changed = false;
    if (ok) {
      s.window.addSuccess(micros);
      s.failures = 0;
      s.successes++;
      if (!s.alive && s.successes >= run.check.recoverytime()) {
        s.alive = true;
        changed = true;
      }
    } else {
      s.window.addLoss();
      s.successes = 0;
      s.failures++;
      if (s.alive && s.failures >= run.check.failtime()) {
        s.alive = false;
        changed = true;
      }
    }
    return changed;
  }

  private void publish(CheckRun changedRun) {
    Map<String, List<MemberHealth>> health = new HashMap<>(status.health());
    List<MemberHealth> list = new ArrayList<>(changedRun.states.size());
    for (ProbeState s : changedRun.states) {
      list.add(s.snapshot(changedRun.check));
    }
    health.put(changedRun.check.name(), List.copyOf(list));
    status = new SdwanStatus(config, health, generation);
  }

  /**
   * Withdraws the static routes of members dead in a check with update-static-route, restores the
   * others.
   */
  private void updateStaticRoutes() {
    Vdom v = appliance.vdoms().find(vdom).orElse(null);
    if (v == null) {
      return;
    }
    Set<String> dead = new HashSet<>();
    for (CheckRun run : runs) {
      if (run.check.updateStaticRoute()) {
        for (ProbeState s : run.states) {
          if (!s.alive) {
            dead.add(s.member.interfaceName());
          }
        }
      }
    }
    RoutingTable table = v.routingTable();
    boolean changed = false;
    for (Member m : config.members()) {
      String device = m.interfaceName();
      boolean withdraw = dead.contains(device);
      if (withdraw || withdrawnByUs.contains(device)) {
        changed |= table.setStaticRoutesWithdrawn(device, withdraw);
        if (withdraw) {
          withdrawnByUs.add(device);
        } else {
          withdrawnByUs.remove(device);
        }
      }
    }
    if (changed) {
      table.publish();
    }
  }

  /** One health check's timer and its members' states. */
  private static final class CheckRun {
    final SdwanHealthCheck check;
    final List<ProbeState> states;
    Timer timer;

    /** Appliance time the round timer was set at. */
    long scheduledAt;

    CheckRun(SdwanHealthCheck check, List<ProbeState> states) {
      this.check = check;
      this.states = states;
    }
  }

  /** What one check knows about one member, mutable, owner thread only. */
  private static final class ProbeState {
    final Member member;
    final ProbeWindow window;
    boolean alive = true; // INFERENCE: members start alive, so routes are present at boot
    int failures;
    int successes;
    long probes;
    int token;
    boolean inFlight;

    /** Probe intervals the probe out (or just settled) stands for; see {@code rounds}. */
    int rounds = 1;

    Timer timeout;

    /** Appliance time the probe out times out at. */
    long timeoutAt;

    Future<?> connection;

    ProbeState(Member member, int probeCount) {
      this.member = member;
      this.window = new ProbeWindow(probeCount);
    }

    MemberHealth snapshot(SdwanHealthCheck check) {
      double loss = window.lossPercent();
      double latency = window.latencyMillis();
      double jitter = window.jitterMillis();
      int slaMap = 0;
      if (alive) {
        for (SdwanHealthCheck.Sla sla : check.slas()) {
          if (sla.isMet(latency, jitter, loss)) {
            slaMap |= 1 << (sla.id() - 1);
          }
        }
      }
      return new MemberHealth(
          check.name(),
          member.seq(),
          member.interfaceName(),
          alive,
          loss,
          latency,
          jitter,
          slaMap,
          probes);
    }
  }
}
