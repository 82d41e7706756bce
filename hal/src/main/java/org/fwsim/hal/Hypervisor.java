package org.fwsim.hal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.fwsim.hal.clock.Activity;
import org.fwsim.hal.clock.ApplianceClock;
import org.fwsim.hal.clock.Scheduler;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.ipc.WorkerPool;
import org.fwsim.hal.lang.DaemonThreads;
import org.fwsim.hal.net.IoTracker;
import org.fwsim.hal.net.Transports;
import org.fwsim.hal.net.Underlay;
import org.fwsim.hal.pki.KeyPool;
import org.fwsim.hal.pki.KeySource;

/**
 * The host shared by many appliances: worker threads that run appliance mailboxes, the Netty event
 * loops, the virtual clock and its scheduler, the loopback underlay, the key pool and the metrics
 * registry. Everything it starts, {@link #close()} stops: no thread is left behind.
 */
public final class Hypervisor implements AutoCloseable {

  private final SimClock clock;
  private final Activity activity = new Activity();
  private final Scheduler scheduler;
  private final WorkerPool workers;
  private final Transports transports;
  private final Underlay underlay;
  private final KeyPool keys;
  private final ExecutorService keygen;
  private final MeterRegistry registry;
  private final ConcurrentHashMap<Integer, Appliance> appliances = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger();
  private final boolean threaded;
  private volatile boolean closed;

  private Hypervisor(Builder b) {
    this.clock = Objects.requireNonNull(b.clock, "a SimClock is required");
    this.registry = b.registry != null ? b.registry : new SimpleMeterRegistry();
    this.threaded = b.workers > 0;
    this.scheduler = new Scheduler(clock, activity);
    this.workers = new WorkerPool("fwsim-worker", b.workers, activity);
    this.transports = b.nio ? Transports.nio(b.ioThreads) : Transports.create(b.ioThreads);
    this.underlay = new Underlay(transports, new Random(b.seed), new ActivityIoTracker(activity));
    this.keys = new KeyPool(b.keySource, b.keyPoolCapacity);
    this.keygen =
        Executors.newFixedThreadPool(
            Math.max(1, b.keygenThreads), DaemonThreads.numbered("fwsim-keygen"));
    bindMeters();
    if (threaded) {
      scheduler.start("fwsim-scheduler");
      workers.start();
    }
  }

  public static Builder builder(SimClock clock) {
    return new Builder(clock);
  }

  /**
   * A new appliance with the next id and its own mailbox and clock view. The serial and hostname
   * are the caller's (the firmware boots the rest from configuration).
   */
  public Appliance newAppliance(String serial, String hostname) {
    if (closed) {
      throw new IllegalStateException("hypervisor is closed");
    }
    int id = nextId.getAndIncrement();
    Appliance a =
        new Appliance(
            id,
            serial,
            hostname,
            workers.newMailbox(serial),
            new ApplianceClock(clock),
            scheduler,
            underlay);
    appliances.put(id, a);
    return a;
  }

  public Appliance appliance(int id) {
    Appliance a = appliances.get(id);
    if (a == null) {
      throw new IllegalArgumentException("no appliance with id " + id);
    }
    return a;
  }

  public Collection<Appliance> appliances() {
    return Collections.unmodifiableCollection(appliances.values());
  }

  public SimClock clock() {
    return clock;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** Work in flight: mailboxes ready or running, and IO; fast-forward waits for quiet. */
  public Activity activity() {
    return activity;
  }

  public WorkerPool workers() {
    return workers;
  }

  public Transports transports() {
    return transports;
  }

  public Underlay underlay() {
    return underlay;
  }

  public KeyPool keys() {
    return keys;
  }

  /** Threads for filling the key pool ahead and other CPU work that must stay off mailboxes. */
  public ExecutorService keygenExecutor() {
    return keygen;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * In a hypervisor built with zero workers (deterministic tests), runs every ready mailbox and due
   * timer on the calling thread until nothing is left at the current time.
   */
  public void runUntilIdle() {
    if (threaded) {
      throw new IllegalStateException("runUntilIdle is for hypervisors built with 0 workers");
    }
    do {
      workers.runUntilIdle();
    } while (scheduler.runDue() > 0);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    keys.close();
    keygen.shutdownNow();
    scheduler.close();
    // The network first: closing it completes the IO still in flight, whose listeners post to
    // mailboxes, which must still take them (a closed pool refuses them with an exception that
    // Netty prints as a warning at every exit with a probe or an exchange in flight).
    transports.shutdownGracefully(0, 2_000).syncUninterruptibly();
    workers.close();
    try {
      keygen.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void bindMeters() {
    gauge("fwsim.appliances", appliances, ConcurrentHashMap::size, "appliances on this hypervisor");
    counter("fwsim.mailbox.messages", workers, WorkerPool::messagesRun, "mailbox messages run");
    counter("fwsim.mailbox.errors", workers, WorkerPool::errors, "mailbox messages that threw");
    gauge(
        "fwsim.timers.pending",
        scheduler,
        Scheduler::pendingTimers,
        "timers waiting on the virtual clock");
    gauge(
        "fwsim.activity.pending",
        activity,
        Activity::pending,
        "work in flight (ready mailboxes and IO)");
    counter("fwsim.keys.generated", keys, KeyPool::generated, null);
    counter("fwsim.keys.handed.out", keys, KeyPool::handedOut, null);
    counter(
        "fwsim.keys.misses",
        keys,
        KeyPool::misses,
        "keys generated on demand because the pool was empty");
  }

  private <T> void gauge(String name, T obj, ToDoubleFunction<T> value, String description) {
    Gauge.builder(name, obj, value).description(description).register(registry);
  }

  private <T> void counter(String name, T obj, ToDoubleFunction<T> count, String description) {
    FunctionCounter.builder(name, obj, count).description(description).register(registry);
  }

  /** Feeds the underlay's connection lifetimes into the fast-forward quiet check. */
  private record ActivityIoTracker(Activity activity) implements IoTracker {
    @Override
    public void ioStarted() {
      activity.ioStarted();
    }

    @Override
    public void ioFinished() {
      activity.ioFinished();
    }
  }

  /** Settings for a {@link Hypervisor}; defaults suit one process on this machine. */
  public static final class Builder {
    private final SimClock clock;
    private int workers = WorkerPool.defaultThreads();
    private int ioThreads = 1;
    private int keygenThreads = WorkerPool.defaultThreads();
    private int keyPoolCapacity = 1024;
    private KeySource keySource = KeySource.jca();
    private long seed = 1;
    private boolean nio;
    private MeterRegistry registry;

    private Builder(SimClock clock) {
      this.clock = clock;
    }

    /** Worker threads for mailboxes; 0 runs everything on the caller via runUntilIdle. */
    public Builder workers(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("workers must be >= 0");
      }
      this.workers = n;
      return this;
    }

    public Builder ioThreads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("ioThreads must be >= 1");
      }
      this.ioThreads = n;
      return this;
    }

    public Builder keygenThreads(int n) {
      this.keygenThreads = n;
      return this;
    }

    public Builder keyPoolCapacity(int n) {
      this.keyPoolCapacity = n;
      return this;
    }

    /** Where the key pool's keys come from (default {@link KeySource#jca()}). */
    public Builder keySource(KeySource source) {
      this.keySource = Objects.requireNonNull(source, "key source");
      return this;
    }

    /** Seed for simulated packet loss, so runs repeat. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Force NIO even where epoll is available. */
    public Builder nio(boolean nio) {
      this.nio = nio;
      return this;
    }

    public Builder registry(MeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    public Hypervisor build() {
      return new Hypervisor(this);
    }
  }
}
