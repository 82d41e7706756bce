package org.fwsim.hal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.fwsim.hal.clock.ApplianceClock;
import org.fwsim.hal.clock.Scheduler;
import org.fwsim.hal.clock.Timer;
import org.fwsim.hal.ipc.Mailbox;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Underlay;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.vdom.Vdom;
import org.fwsim.hal.vdom.VdomTable;

/**
 * One simulated firewall: identity (serial, model, hostname), its clock, interfaces, VDOMs, the
 * global certificate store, and the mailbox through which all work reaches it.
 *
 * <p>State is changed only by messages running on the mailbox, one at a time; other threads use
 * {@link #execute} or {@link #call} and read the immutable snapshots. An idle appliance holds no
 * thread, no socket and no timer thread.
 */
public final class Appliance {

  /** The model name FortiGate-VMs report. */
  public static final String MODEL = "FortiGate-VM64";

  private final int id;
  private final String serial;
  private final Mailbox mailbox;
  private final ApplianceClock clock;
  private final Scheduler scheduler;
  private final CertStore globalCerts;
  private final VdomTable vdoms;

  /** Carries this appliance's connections; told to cut them when an interface goes down. */
  private final Underlay underlay;

  private volatile String hostname;
  private volatile Map<String, Port> interfaces = Map.of();
  private int nextIfindex = 3; // FortiOS numbers physical ports from 3 on VMs; 1-2 are internal.

  Appliance(
      int id,
      String serial,
      String hostname,
      Mailbox mailbox,
      ApplianceClock clock,
      Scheduler scheduler,
      Underlay underlay) {
    this.id = id;
    this.serial = Objects.requireNonNull(serial, "serial");
    this.hostname = Objects.requireNonNull(hostname, "hostname");
    this.mailbox = mailbox;
    this.clock = clock;
    this.scheduler = scheduler;
    this.globalCerts = new CertStore(clock);
    this.vdoms = new VdomTable(clock);
    this.underlay = Objects.requireNonNull(underlay, "underlay");
  }

  /** Dense index of this appliance in its hypervisor; keys its loopback addresses. */
  public int id() {
    return id;
  }

  public String serial() {
    return serial;
  }

  public String model() {
    return MODEL;
  }

  public String hostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    if (hostname == null || hostname.isEmpty() || hostname.length() > 35) {
      throw new IllegalArgumentException("hostname must be 1 to 35 characters");
    }
    this.hostname = hostname;
  }

  /** This appliance's own clock: the simulation's, plus any {@code execute date} skew. */
  public ApplianceClock clock() {
    return clock;
  }

  public Mailbox mailbox() {
    return mailbox;
  }

  public VdomTable vdoms() {
    return vdoms;
  }

  /** Certificates with {@code range global}. */
  public CertStore globalCerts() {
    return globalCerts;
  }

  /** Posts work to this appliance; it runs on the appliance's turn, in order. */
  public void execute(Runnable task) {
    mailbox.execute(task);
  }

  /** Runs {@code task} on the appliance's turn and completes the future with its result. */
  public <T> CompletableFuture<T> call(Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    mailbox.execute(
        () -> {
          try {
            f.complete(task.call());
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    return f;
  }

  /** Runs {@code task} on the appliance's turn; the future completes once it has run. */
  public CompletableFuture<Void> run(Runnable task) {
    return call(Executors.callable(task, null));
  }

  /**
   * Runs {@code task} on this appliance's mailbox once its own clock reads {@code at}. The deadline
   * is converted to simulation time now, so a later {@code execute date} does not move timers
   * already set (re-arm them if that matters). A timer's firing is a completion ({@link
   * Mailbox#complete}): a full mailbox never loses it.
   */
  public Timer scheduleAt(Instant at, Runnable task) {
    long deadline = clock.toSimMillis(at.toEpochMilli());
    return scheduler.schedule(deadline, () -> mailbox.complete(task));
  }

  /** Runs {@code task} on this appliance's mailbox after {@code delay} of simulation time. */
  public Timer scheduleAfter(Duration delay, Runnable task) {
    return scheduler.scheduleAfter(delay, () -> mailbox.complete(task));
  }

  /**
   * Adds or replaces an interface and keeps the routing tables of its old and new VDOM in step
   * (connected routes appear, static routes through it are re-evaluated).
   */
  public void putInterface(NetworkInterface nic) {
    putInterfaces(List.of(nic));
  }

  /**
   * Adds or replaces interfaces as {@link #putInterface} does, publishing each VDOM's routing table
   * once for the whole batch: a publish rebuilds the table's index over all its routes, so one per
   * interface made a boot quadratic in the number of interfaces.
   */
  public void putInterfaces(Collection<NetworkInterface> nics) {
    for (NetworkInterface nic : nics) {
      vdomOf(nic);
    }
    Set<Vdom> touched = new LinkedHashSet<>();
    Map<String, Port> m = new LinkedHashMap<>(interfaces);
    List<Port> replaced = new ArrayList<>();
    for (NetworkInterface nic : nics) {
      Vdom target = vdomOf(nic);
      Port old = m.get(nic.name());
      if (old != null && !old.nic.vdom().equals(nic.vdom())) {
        vdoms
            .find(old.nic.vdom())
            .ifPresent(
                v -> {
                  v.routingTable().removeInterface(nic.name());
                  touched.add(v);
                });
      }
      target.routingTable().putInterface(nic);
      touched.add(target);
      m.put(nic.name(), new Port(nic, old == null ? nextIfindex++ : old.ifindex));
      if (old != null) {
        replaced.add(old);
      }
    }
    touched.forEach(v -> v.routingTable().publish());
    interfaces = Collections.unmodifiableMap(m);
    for (Port old : replaced) {
      NetworkInterface nic = m.get(old.nic.name()).nic;
      if (carries(old.nic) && !carries(nic)) {
        // Connections in flight over it break, as on a pulled cable; their owners see why.
        underlay.cut(
            id,
            nic.name(),
            "interface "
                + nic.name()
                + (nic.impairment().down()
                    ? " went down (link down)"
                    : " was set administratively down"));
      }
    }
  }

  private Vdom vdomOf(NetworkInterface nic) {
    return vdoms
        .find(nic.vdom())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "interface " + nic.name() + ": VDOM '" + nic.vdom() + "' does not exist"));
  }

  private static boolean carries(NetworkInterface nic) {
    return nic.status() == NetworkInterface.Status.UP && !nic.impairment().down();
  }

  /** Removes an interface and withdraws its routes; returns whether it existed. */
  public boolean removeInterface(String name) {
    return removeInterfaces(List.of(name)) == 1;
  }

  /**
   * Removes interfaces as {@link #removeInterface} does, publishing each VDOM's routing table and
   * the interface map once for the whole batch (as {@link #putInterfaces} adds them): once per
   * interface made deleting thousands in one commit quadratic. Names that do not exist are skipped.
   *
   * @return how many existed and were removed
   */
  public int removeInterfaces(Collection<String> names) {
    Set<Vdom> touched = new LinkedHashSet<>();
    Map<String, Port> m = new LinkedHashMap<>(interfaces);
    List<String> removed = new ArrayList<>();
    for (String name : names) {
      Port old = m.remove(name);
      if (old == null) {
        continue;
      }
      vdoms
          .find(old.nic.vdom())
          .ifPresent(
              v -> {
                v.routingTable().removeInterface(name);
                touched.add(v);
              });
      removed.add(name);
    }
    if (removed.isEmpty()) {
      return 0;
    }
    touched.forEach(v -> v.routingTable().publish());
    interfaces = Collections.unmodifiableMap(m);
    for (String name : removed) {
      underlay.cut(id, name, "interface " + name + " was deleted");
    }
    return removed.size();
  }

  public Optional<NetworkInterface> findInterface(String name) {
    Port p = interfaces.get(name);
    return p == null ? Optional.empty() : Optional.of(p.nic);
  }

  /** The kernel interface index FortiOS prints in traces ({@code bind to interface N}). */
  public int ifindex(String name) {
    Port p = interfaces.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no interface named " + name);
    }
    return p.ifindex;
  }

  /** Every interface in the order they were added; an immutable snapshot. */
  public Map<String, NetworkInterface> interfaces() {
    Map<String, NetworkInterface> m = new LinkedHashMap<>();
    interfaces.forEach((k, v) -> m.put(k, v.nic));
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String toString() {
    return hostname + "(" + serial + ")";
  }

  private record Port(NetworkInterface nic, int ifindex) {}
}
